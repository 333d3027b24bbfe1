//! signal-export output (in progress).
