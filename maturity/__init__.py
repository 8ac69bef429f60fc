"""Smart-manufacturing capability maturity self-assessment (GB/T 39116-2020 / GB/T 39117-2020)."""

__version__ = "0.1.0"
