"""The only package that speaks PySide6: the main window, its tabs, models and dialogs."""
