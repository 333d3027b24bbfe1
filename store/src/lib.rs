//! Ferry's SQLite chat library: migrations, ingest with deduplication, media, full-text search.
