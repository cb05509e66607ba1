"""The Textual app: the IKP flow in a terminal. The only package that imports Textual."""
