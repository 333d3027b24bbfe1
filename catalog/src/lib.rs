//! Ferry's messenger comparison catalog: sourced, dated facts, validated and embedded.
