//! A CSV file read from disk as it is imported, never whole: its encoding and separator
//! are found from its first bytes, its column names read once, and its rows streamed
//! each time the import goes over them, so a file of a million rows takes little memory.

use super::ReadError;
use super::records::{Records, Text, separator};
use super::table::{Encoding, Rows, decode, decode_as};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// How many bytes the encoding and separator are found from.
const SNIFF: usize = 64 * 1024;

/// A CSV file opened for import.
#[derive(Debug)]
pub struct CsvFile {
    path: PathBuf,
    text: Text,
    separator: u8,
    header: usize,
    headers: Vec<String>,
    size: u64,
    /// The whole text, for UTF-16 files (rare, and read whole).
    decoded: Option<String>,
}

impl CsvFile {
    /// Opens `path` read as `encoding`, its column names on non-blank line `header` (from
    /// 0). A file that reads better in a legacy encoding is refused with a sample, as
    /// [`decode_as`] does.
    pub fn open(path: &Path, encoding: Encoding, header: usize) -> Result<Self, ReadError> {
        let io = |e: std::io::Error| ReadError::Shape(format!("{}: {e}", path.display()));
        let file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let mut head = Vec::with_capacity(SNIFF);
        file.take(SNIFF as u64).read_to_end(&mut head).map_err(io)?;
        let mut csv = CsvFile {
            path: path.to_owned(),
            text: Text::Utf8,
            separator: b',',
            header,
            headers: Vec::new(),
            size,
            decoded: None,
        };
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            let bytes = std::fs::read(path).map_err(io)?;
            csv.decoded = Some(decode(&bytes)?);
        } else {
            let sample = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&head);
            // The sample may end inside a character.
            let sample = match std::str::from_utf8(sample) {
                Err(e) if e.error_len().is_none() => &sample[..e.valid_up_to()],
                _ => sample,
            };
            csv.text = match encoding {
                Encoding::Legacy(l) => Text::Legacy(l),
                Encoding::Unicode => Text::Utf8,
                Encoding::Auto => {
                    decode_as(sample, Encoding::Auto)?;
                    Text::Utf8
                }
            };
            if sample.trim_ascii().is_empty() {
                return Err(ReadError::Shape("the file is empty".into()));
            }
        }
        csv.separator = match &csv.decoded {
            Some(text) => separator(text.as_bytes()),
            None => separator(&head),
        };
        let headers = csv.rows()?.headers;
        csv.headers = headers;
        Ok(csv)
    }

    /// The column names.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The file's size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The file's name, to say where a problem is.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }

    /// The rows from the start, after the column names.
    pub fn rows(&self) -> Result<Rows<Box<dyn BufRead + '_>>, ReadError> {
        let input: Box<dyn BufRead + '_> = match &self.decoded {
            Some(text) => Box::new(text.trim_start_matches('\u{feff}').as_bytes()),
            None => {
                let file = std::fs::File::open(&self.path)
                    .map_err(|e| ReadError::Shape(format!("{}: {e}", self.path.display())))?;
                let mut reader = BufReader::with_capacity(256 * 1024, file);
                let bom = reader
                    .fill_buf()
                    .map_err(|e| ReadError::Shape(e.to_string()))?
                    .starts_with(&[0xEF, 0xBB, 0xBF]);
                if bom {
                    reader.consume(3);
                }
                Box::new(reader)
            }
        };
        Rows::new(Records::new(input, self.separator, self.text), self.header)
    }
}
