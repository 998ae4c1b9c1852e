"""Pure text functions: decoding, segmentation, cleaning and tagging. No Django imports here."""
