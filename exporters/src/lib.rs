//! Ferry's exporters: one writer per target format.
