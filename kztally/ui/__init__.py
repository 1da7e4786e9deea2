"""The desktop application (PySide6): the only package that imports Qt. See kztally.ui.app
for its composition root."""
