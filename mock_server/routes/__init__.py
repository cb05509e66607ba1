"""The contract's operations by resource; each module builds its routers from an `Edge`."""
