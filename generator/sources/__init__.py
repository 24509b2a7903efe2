"""The only code that reads the checkout: files in, plain values and one `Model` out."""

from .checkout import load

__all__ = ["load"]
