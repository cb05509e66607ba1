def main() -> int:
    print("erej: not yet")
    return 0
