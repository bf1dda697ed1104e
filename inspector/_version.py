"""The package version, in a leaf module every layer may import (the root package is the notebook facade)."""

__version__ = "0.1.0"
