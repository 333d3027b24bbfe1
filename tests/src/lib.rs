//! End-to-end tests of the `ferry` binary live in `tests/`.
