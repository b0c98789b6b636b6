"""The learned side: linear models, training and cross-validation, model files."""
