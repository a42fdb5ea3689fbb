//! Tabular files — CSV as Excel and LibreOffice save it — read into a [`Table`] of text
//! cells and written back. Reading takes a byte-order mark, CRLF line ends, `,` `;` or tab
//! separators (the one the header line uses most), quoted cells over several lines, and
//! UTF-16. Writing guards against formula injection: a cell beginning with `=`, `+`, `-`,
//! `@`, tab or CR gets a leading `'`, and reading removes exactly one such `'`, so
//! "+84 24 3826 9556" and "=x" come back as they were.

use super::ReadError;
use super::records::{Records, Text, separator};

/// A sheet of text cells: a header row and the rows under it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub headers: Vec<String>,
    /// Rows, each as long as the headers (short rows padded, long rows cut and reported).
    pub rows: Vec<Vec<String>>,
    /// The file's row number of each row (from 1, the header's included), when known.
    pub lines: Vec<usize>,
}

impl Table {
    /// The file's row number of row `i` (from 0) of the table.
    pub fn line(&self, i: usize) -> usize {
        self.lines.get(i).copied().unwrap_or(i + 2)
    }
}

/// Characters a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// How a file's text is encoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 or UTF-16; a legacy Vietnamese encoding, or its mojibake, is refused with a
    /// sample of what converting would give.
    #[default]
    Auto,
    /// UTF-8 or UTF-16, taken as it is.
    Unicode,
    /// A legacy Vietnamese encoding (or its mojibake), converted.
    Legacy(crate::text::legacy::Legacy),
}

/// A short stretch of `text` around its first non-ASCII character.
pub(super) fn sample(text: &str) -> String {
    let start = text.find(|c: char| !c.is_ascii()).unwrap_or(0);
    let start = text[..start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    text[start..]
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text of a file as `encoding` says: converted from a legacy encoding, or Unicode — in
/// which case, with [`Encoding::Auto`], text that reads better in a legacy encoding is
/// refused with a before/after sample rather than imported as mojibake.
pub fn decode_as(bytes: &[u8], encoding: Encoding) -> Result<String, ReadError> {
    use crate::text::legacy;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ReadError::Shape(
            "this is a workbook (Excel or LibreOffice), not text: give the file its .xlsx, .xls or .ods name".into(),
        ));
    }
    match encoding {
        Encoding::Legacy(l) => Ok(legacy::decode(bytes, l)),
        Encoding::Unicode => decode(bytes),
        Encoding::Auto => {
            let (text, found) = match decode(bytes) {
                Ok(text) => {
                    let found = legacy::guess_text(&text);
                    (text, found)
                }
                Err(e) => match legacy::guess(bytes) {
                    Some(l) => (bytes.iter().map(|&b| char::from(b)).collect(), Some(l)),
                    None => return Err(e),
                },
            };
            match found {
                None => Ok(text),
                Some(l) => {
                    let before = sample(&text);
                    let after = sample(&legacy::decode(bytes, l));
                    Err(ReadError::Legacy {
                        encoding: l,
                        before,
                        after,
                    })
                }
            }
        }
    }
}

/// Text of a file: UTF-8 (a BOM allowed) or UTF-16 with its BOM.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    let utf16 = |bytes: &[u8], little: bool| -> Result<String, ReadError> {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| {
                if little {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| ReadError::NotUtf8(" (broken UTF-16)"))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(_) => Err(ReadError::NotUtf8("")),
    }
}

/// A cell as written to guard it, read back.
pub(super) fn unguard(cell: &str) -> String {
    let guarded = |s: &str| s.starts_with(FORMULA_STARTS);
    match cell.strip_prefix('\'') {
        Some(rest) if guarded(rest) || rest.strip_prefix('\'').is_some_and(guarded) => {
            rest.to_owned()
        }
        _ => cell.to_owned(),
    }
}

/// A cell guarded against being read as a formula (and a cell that looks guarded already
/// guarded once more, so reading gives it back as it was).
fn guard(cell: &str) -> String {
    let looks_guarded = cell
        .strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(FORMULA_STARTS));
    if cell.starts_with(FORMULA_STARTS) || looks_guarded {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Reads CSV text into a table; a row with more cells than the header is an error naming
/// the row.
pub fn read_csv(text: &str) -> Result<Table, ReadError> {
    read_csv_at(text, 0)
}

/// [`read_csv`], the column names on non-blank line `header` (from 0): the lines above
/// (a title) are left out.
pub fn read_csv_at(text: &str, header: usize) -> Result<Table, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ReadError::Shape("the file is empty".into()));
    }
    let bytes = text.as_bytes();
    let records = Records::new(bytes, separator(bytes), Text::Utf8);
    let mut rows = Rows::new(records, header)?;
    let (mut cells, mut lines) = (Vec::new(), Vec::new());
    while let Some((line, row)) = rows.next_row()? {
        cells.push(row);
        lines.push(line);
    }
    Ok(Table {
        headers: rows.headers,
        rows: cells,
        lines,
    })
}

/// The rows of a sheet read from records: the column names on non-blank record `header`
/// (from 0), then each row as wide as they are, cells unguarded.
pub struct Rows<R> {
    records: Records<R>,
    /// Column names.
    pub headers: Vec<String>,
}

impl<R: std::io::BufRead> Rows<R> {
    /// Reads up to the column names.
    pub fn new(mut records: Records<R>, header: usize) -> Result<Self, ReadError> {
        let mut found = None;
        for _ in 0..=header {
            found = records.next_record()?;
            if found.is_none() {
                break;
            }
        }
        let Some((_, names)) = found else {
            return Err(ReadError::Shape(if header == 0 {
                "the file is empty".into()
            } else {
                "the file has no such line".into()
            }));
        };
        Ok(Rows {
            records,
            headers: names.iter().map(|c| unguard(c).trim().to_owned()).collect(),
        })
    }

    /// Bytes read so far.
    pub fn offset(&self) -> u64 {
        self.records.offset()
    }

    /// The next row and its line; a row with more cells than there are column names is an
    /// error naming its line.
    pub fn next_row(&mut self) -> Result<Option<(usize, Vec<String>)>, ReadError> {
        let Some((line, cells)) = self.records.next_record()? else {
            return Ok(None);
        };
        if cells.len() > self.headers.len() {
            return Err(ReadError::Shape(format!(
                "line {line} has {} cells but the column names only {}: if they are on a later line (a title above them), choose that line (--header-row, or the header row in the window)",
                cells.len(),
                self.headers.len()
            )));
        }
        let mut row: Vec<String> = cells.iter().map(|c| unguard(c)).collect();
        row.resize(self.headers.len(), String::new());
        Ok(Some((line, row)))
    }
}

/// Writes a table as CSV; `for_excel` adds a byte-order mark and CRLF line ends.
pub fn write_csv(table: &Table, for_excel: bool) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(if for_excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    let mut write = |cells: &[String]| {
        // Writing to memory cannot fail.
        let _ = writer.write_record(cells.iter().map(|c| guard(c)));
    };
    write(&table.headers);
    for row in &table.rows {
        write(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    let text = String::from_utf8(bytes).unwrap_or_default();
    if for_excel {
        format!("\u{feff}{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_excel_and_libreoffice_save_is_read() {
        let excel = "\u{feff}Tên;Điện thoại\r\n\"Cục Bảo trợ\r\nxã hội\";'+84 24 3826 9556\r\n";
        let t = read_csv(excel).unwrap();
        assert_eq!(t.headers, ["Tên", "Điện thoại"]);
        assert_eq!(t.rows, [["Cục Bảo trợ\r\nxã hội", "+84 24 3826 9556"]]);
        let tabs = read_csv("a\tb\n1\t\"x, y\"\n").unwrap();
        assert_eq!(tabs.rows, [["1", "x, y"]]);
        assert!(read_csv("a,b\n1,2,3\n").is_err());
        assert_eq!(read_csv("a,b\n1\n").unwrap().rows, [["1", ""]]);
    }

    #[test]
    fn formula_like_cells_round_trip_and_never_reach_a_spreadsheet_as_formulas() {
        let cells = [
            "=x",
            "+84 24 3826 9556",
            "-1",
            "@a",
            "'quoted",
            "'=already guarded",
            "plain, \"with\" quotes\nand a line",
        ];
        let table = Table {
            headers: vec!["c".into()],
            lines: (2..2 + cells.len()).collect(),
            rows: cells.iter().map(|c| vec![(*c).to_owned()]).collect(),
        };
        for excel in [false, true] {
            let text = write_csv(&table, excel);
            assert_eq!(text.starts_with('\u{feff}'), excel);
            assert!(
                !text.lines().any(|l| l.starts_with(['=', '+', '-', '@'])),
                "{text}"
            );
            assert_eq!(read_csv(&text).unwrap(), table);
        }
        assert!(write_csv(&table, true).contains("\r\n"));
    }

    #[test]
    fn each_row_knows_its_line_in_the_file() {
        let t = read_csv("Tên\nLan\n\nHoa\n\"Hai\ndòng\"\nCuối\n").unwrap();
        assert_eq!(t.lines, [2, 4, 5, 7]);
    }

    #[test]
    fn utf16_is_decoded() {
        let text = "Tên,Loại\nTô Đức,person\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap(), text);
    }
}
