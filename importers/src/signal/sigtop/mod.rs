//! sigtop output (in progress).
