//! The messages of one channel: `messages.csv` (`ID,Timestamp,Contents,
//! Attachments`, RFC 4180 quoting, up to ~2023) or `messages.json` (an array
//! of objects with the same keys, where `ID` may be a bare JSON number).
//! Both are streamed row by row.

use crate::discord::dce::json_error;
use crate::discord::snowflake::Snowflake;
use crate::{ImportError, Position, SinkError};
use serde::Deserialize;
use serde::de::{self, SeqAccess, Visitor};
use std::fmt;
use std::io::{BufReader, Read};

/// One message row, whatever the layout.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Row {
    #[serde(rename = "ID", alias = "id")]
    pub id: Snowflake,
    #[serde(rename = "Timestamp", alias = "timestamp")]
    pub timestamp: Option<String>,
    #[serde(rename = "Contents", alias = "contents")]
    pub contents: Option<String>,
    #[serde(rename = "Attachments", alias = "attachments")]
    pub attachments: Option<String>,
}

/// Calls `each` for every row of a `messages.csv`.
pub fn csv_rows(
    r: &mut dyn Read,
    location: &str,
    each: &mut dyn FnMut(Row) -> Result<(), SinkError>,
) -> Result<(), ImportError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 16, r));
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error(location, &e))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| String::from_utf8_lossy(h).trim().eq_ignore_ascii_case(name))
    };
    let (id, ts, contents, atts) = (
        col("ID"),
        col("Timestamp"),
        col("Contents"),
        col("Attachments"),
    );
    if id.is_none() || ts.is_none() {
        return Err(ImportError::malformed(
            location,
            Position::line(1),
            "header lacks ID and Timestamp columns",
        ));
    }
    let mut record = ::csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(csv_error(location, &e)),
        }
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(|b| String::from_utf8_lossy(b).into_owned())
        };
        let row = Row {
            id: Snowflake(field(id).unwrap_or_default().trim().to_owned()),
            timestamp: field(ts),
            contents: field(contents),
            attachments: field(atts),
        };
        each(row).map_err(|e| ImportError::new(location, e))?;
    }
}

fn csv_error(location: &str, e: &::csv::Error) -> ImportError {
    let pos = e
        .position()
        .map(|p| Position {
            line: Some(p.line()),
            column: None,
            byte: Some(p.byte()),
        })
        .unwrap_or_default();
    ImportError::malformed(location, pos, e.to_string())
}

/// Calls `each` for every element of a `messages.json` array, streaming.
pub fn json_rows(
    r: &mut dyn Read,
    location: &str,
    each: &mut dyn FnMut(Row) -> Result<(), SinkError>,
) -> Result<(), ImportError> {
    let mut failure = None;
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, r));
    let visitor = RowsVisitor {
        each,
        failure: &mut failure,
    };
    let result = de::Deserializer::deserialize_seq(&mut de, visitor).and_then(|()| de.end());
    if let Some(e) = failure {
        return Err(ImportError::new(location, e));
    }
    result.map_err(|e| json_error(location, &e))
}

struct RowsVisitor<'a> {
    each: &'a mut dyn FnMut(Row) -> Result<(), SinkError>,
    failure: &'a mut Option<SinkError>,
}

impl<'de> Visitor<'de> for RowsVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(row) = seq.next_element::<Row>()? {
            if let Err(e) = (self.each)(row) {
                *self.failure = Some(e);
                return Err(de::Error::custom("sink failed"));
            }
        }
        Ok(())
    }
}
