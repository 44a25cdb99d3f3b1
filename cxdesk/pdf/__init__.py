"""The only package that speaks reportlab: grant agreements and printed tables."""
