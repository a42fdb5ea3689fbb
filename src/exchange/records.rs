//! CSV records read one at a time from a byte stream, each with the line of the file it
//! starts on (blank lines and cells over several lines counted), so a file of millions of
//! rows is read in little memory and every problem names the line a text editor shows.
//! A quote that opens a cell and is never closed is an error naming its line, instead of
//! the rest of the file silently becoming one cell. Cells are read as Excel and
//! LibreOffice write them: a quote opens a cell only at its start, `""` inside stands for
//! one quote, and CRLF ends a line like LF.

use super::ReadError;
use crate::text::legacy::Legacy;
use std::io::BufRead;

/// How a file's bytes become text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// UTF-8 (a byte-order mark is skipped by the caller).
    Utf8,
    /// A legacy Vietnamese encoding (ASCII-compatible: its separators are ASCII).
    Legacy(Legacy),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a cell.
    Start,
    /// In a cell that did not open with a quote.
    Plain,
    /// In a quoted cell.
    Quoted,
    /// Just after a quote in a quoted cell: the cell's end, or the first of `""`.
    QuoteInQuoted,
}

/// Reads records from `input`: see the module's documentation.
pub struct Records<R> {
    input: R,
    separator: u8,
    text: Text,
    /// The line the next byte is on, from 1.
    line: usize,
    /// Bytes read so far.
    offset: u64,
    buf: Vec<u8>,
    /// The record's cells, one after another, and where each ends: kept between
    /// records so a file of millions of rows is read without growing a buffer a byte
    /// at a time.
    cells: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: BufRead> Records<R> {
    /// Records of `input`, cells separated by `separator`.
    pub fn new(input: R, separator: u8, text: Text) -> Self {
        Records {
            input,
            separator,
            text,
            line: 1,
            offset: 0,
            buf: Vec::new(),
            cells: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Bytes read so far, for progress.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The next record with a cell that is not blank: the line it starts on and its
    /// cells. `None` at the end of the input.
    pub fn next_record(&mut self) -> Result<Option<(usize, Vec<String>)>, ReadError> {
        loop {
            let Some((line, cells)) = self.read_record()? else {
                return Ok(None);
            };
            if cells.iter().any(|c| !c.trim().is_empty()) {
                return Ok(Some((line, cells)));
            }
        }
    }

    fn read_record(&mut self) -> Result<Option<(usize, Vec<String>)>, ReadError> {
        let start = self.line;
        self.cells.clear();
        self.ends.clear();
        let mut state = State::Start;
        let mut any = false;
        loop {
            self.buf.clear();
            let n = self
                .input
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| ReadError::Shape(format!("line {}: {e}", self.line)))?;
            if n == 0 {
                if state == State::Quoted {
                    return Err(ReadError::Shape(format!(
                        "line {start}: a quote opens a cell there and is never closed, so the rest of the file would be one cell: close it, or double the quote (\"\") to keep it as text"
                    )));
                }
                if !any {
                    return Ok(None);
                }
                self.ends.push(self.cells.len());
                return self.finish(start).map(Some);
            }
            any = true;
            self.offset += n as u64;
            self.line += 1;
            let mut bytes = &self.buf[..];
            // The line's end: LF, or CRLF outside a quoted cell.
            let ends_line = bytes.last() == Some(&b'\n');
            if ends_line {
                bytes = &bytes[..bytes.len() - 1];
            }
            for &b in bytes {
                state = match (state, b) {
                    (State::Start, b'"') => State::Quoted,
                    (State::Start | State::Plain | State::QuoteInQuoted, c)
                        if c == self.separator =>
                    {
                        self.ends.push(self.cells.len());
                        State::Start
                    }
                    (State::Quoted, b'"') => State::QuoteInQuoted,
                    (State::QuoteInQuoted, b'"') => {
                        self.cells.push(b'"');
                        State::Quoted
                    }
                    (State::Quoted, c) => {
                        self.cells.push(c);
                        State::Quoted
                    }
                    (_, c) => {
                        self.cells.push(c);
                        State::Plain
                    }
                };
            }
            if state == State::Quoted {
                // A line break inside a quoted cell is part of it.
                if ends_line {
                    self.cells.push(b'\n');
                }
                continue;
            }
            let cell_start = self.ends.last().copied().unwrap_or(0);
            if self.cells.len() > cell_start
                && self.cells.last() == Some(&b'\r')
                && state != State::QuoteInQuoted
            {
                self.cells.pop();
            }
            self.ends.push(self.cells.len());
            return self.finish(start).map(Some);
        }
    }

    fn finish(&self, line: usize) -> Result<(usize, Vec<String>), ReadError> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        let cells = starts
            .zip(&self.ends)
            .map(|(from, &to)| &self.cells[from..to])
            .map(|c| match self.text {
                Text::Utf8 => std::str::from_utf8(c)
                    .map(str::to_owned)
                    .map_err(|_| ReadError::NotUtf8(" (at a later line)")),
                Text::Legacy(l) => Ok(crate::text::legacy::decode(c, l)),
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| match e {
                ReadError::NotUtf8(_) => ReadError::Shape(format!(
                    "line {line} is not UTF-8 text: save the file as UTF-8, or choose its encoding"
                )),
                other => other,
            })?;
        Ok((line, cells))
    }
}

/// The separator the first lines use most, outside quotes: `,`, `;` or tab.
pub fn separator(text: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let (mut quoted, mut lines) = (false, 0);
    // The first lines, not only the first: a title line above the header has none.
    for &c in text {
        if !quoted && c == b'\n' {
            lines += 1;
            if lines == 20 {
                break;
            }
        }
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in &mut counts {
                if c == *sep {
                    *n += 1;
                }
            }
        }
    }
    // The commonest; a comma when none stands out.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(sep, n)| if n > best.1 { (sep, n) } else { best },
        )
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<(usize, Vec<String>)>, ReadError> {
        let mut r = Records::new(text.as_bytes(), b',', Text::Utf8);
        let mut out = Vec::new();
        while let Some(rec) = r.next_record()? {
            out.push(rec);
        }
        Ok(out)
    }

    #[test]
    fn quotes_separators_and_line_ends_read_as_spreadsheets_write_them() {
        let got =
            all("a,\"b, c\",\"say \"\"hi\"\"\"\r\n5\" wide,x\r\n\"two\r\nlines\",\"\"\n").unwrap();
        assert_eq!(
            got,
            [
                (1, vec!["a".into(), "b, c".into(), "say \"hi\"".into()]),
                (2, vec!["5\" wide".into(), "x".into()]),
                (3, vec!["two\r\nlines".into(), String::new()]),
            ]
        );
        assert_eq!(all("a,b").unwrap(), [(1, vec!["a".into(), "b".into()])]);
        assert_eq!(all("").unwrap(), []);
    }

    #[test]
    fn lines_count_blank_lines_and_cells_over_several_lines() {
        let lines: Vec<usize> = all("Tên\nLan\n\nHoa\n\"Hai\ndòng\"\nCuối\n,\n")
            .unwrap()
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(lines, [1, 2, 4, 5, 7]);
    }

    #[test]
    fn an_unclosed_quote_is_an_error_naming_its_line() {
        let err = all("Tên,Ghi chú\nLan,\"chưa đóng\nHoa,x\nCuối,y\n").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("line 2"), "{message}");
        assert!(message.contains("never closed"), "{message}");
    }

    #[test]
    fn bytes_that_are_not_utf8_name_their_line() {
        let mut r = Records::new(&b"a\nb\xff\n"[..], b',', Text::Utf8);
        assert!(r.next_record().unwrap().is_some());
        let message = r.next_record().unwrap_err().to_string();
        assert!(message.contains("line 2"), "{message}");
    }
}
