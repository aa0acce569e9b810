"""Veeduría."""
