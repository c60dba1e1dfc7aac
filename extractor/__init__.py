"""govreport-extractor: verified, structured data from Chinese government work reports."""

from .api import aextract_text, extract_file, extract_text
from .errors import ExtractorError
from .schema import Document, IndicatorFact, QuantifiedItem, ReportMeta
from .settings import Settings
from .version import __version__

__all__ = [
    "Document",
    "ExtractorError",
    "IndicatorFact",
    "QuantifiedItem",
    "ReportMeta",
    "Settings",
    "__version__",
    "aextract_text",
    "extract_file",
    "extract_text",
]
