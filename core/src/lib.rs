//! The one API Ferry's front-ends call: import, browse, search, export, compare.
