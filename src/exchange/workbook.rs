//! Spreadsheet workbooks: Excel (.xlsx, .xls, .xlsb) and LibreOffice (.ods) files read
//! directly (calamine), each sheet as a [`Table`] from a chosen header row; and sheets
//! written as a small .xlsx (cells as inline text, so nothing is read as a formula or a
//! number: "+84 24 3826 9556" and "=x" stay as typed).

use super::ReadError;
use super::table::Table;
use calamine::{Data, Reader as _};
use std::io::Write as _;

/// A sheet: its name and all its rows as text.
pub type Sheet = (String, Vec<Vec<String>>);

/// The sheets of a workbook.
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Shape(format!("not a workbook Lienket can read: {e}")))?;
    let mut out = Vec::new();
    for (name, range) in book.worksheets() {
        let rows = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        out.push((name, rows));
    }
    if out.is_empty() {
        return Err(ReadError::Shape("the workbook has no sheet".into()));
    }
    Ok(out)
}

/// A cell as text: numbers without a needless ".0", dates as yyyy-mm-dd.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The rows of a sheet as a table whose header is row `header` (from 0); the rows above
/// it are left out.
pub fn table(rows: &[Vec<String>], header: usize) -> Result<Table, ReadError> {
    let Some(head) = rows.get(header) else {
        return Err(ReadError::Shape("the sheet has no such row".into()));
    };
    let width = head.len();
    let headers: Vec<String> = head.iter().map(|h| h.trim().to_owned()).collect();
    let (mut kept, mut lines) = (Vec::new(), Vec::new());
    for (i, r) in rows.iter().enumerate().skip(header + 1) {
        if r.iter().any(|c| !c.trim().is_empty()) {
            let mut r = r.clone();
            r.resize(width, String::new());
            kept.push(r);
            lines.push(i + 1);
        }
    }
    Ok(Table {
        headers,
        rows: kept,
        lines,
    })
}

/// The first row with a cell in it: where the header usually is.
pub fn first_header(rows: &[Vec<String>]) -> usize {
    rows.iter()
        .position(|r| r.iter().any(|c| !c.trim().is_empty()))
        .unwrap_or(0)
}

/// Text made safe inside XML.
fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}'))
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// The column letters of column `i` (0 → A, 26 → AA).
fn column(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn sheet_xml(table: &Table) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (r, row) in std::iter::once(&table.headers)
        .chain(&table.rows)
        .enumerate()
    {
        out.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "<c r=\"{}{}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                column(c),
                r + 1,
                xml(cell)
            ));
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData></worksheet>");
    out
}

/// Sheets written as one .xlsx workbook.
pub fn write_xlsx(sheets: &[(&str, &Table)]) -> anyhow::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let file = |zip: &mut zip::ZipWriter<_>, name: &str, text: &str| -> anyhow::Result<()> {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
        Ok(())
    };
    let overrides: String = (1..=sheets.len())
        .map(|i| format!("<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))
        .collect();
    file(
        &mut zip,
        "[Content_Types].xml",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>{overrides}</Types>"
        ),
    )?;
    file(
        &mut zip,
        "_rels/.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
    )?;
    let names: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            format!(
                "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
                xml(name),
                i + 1,
                i + 1
            )
        })
        .collect();
    file(
        &mut zip,
        "xl/workbook.xml",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{names}</sheets></workbook>"
        ),
    )?;
    let rels: String = (1..=sheets.len())
        .map(|i| format!("<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"))
        .collect();
    file(
        &mut zip,
        "xl/_rels/workbook.xml.rels",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"
        ),
    )?;
    for (i, (_, table)) in sheets.iter().enumerate() {
        file(
            &mut zip,
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &sheet_xml(table),
        )?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column(0), "A");
        assert_eq!(column(25), "Z");
        assert_eq!(column(26), "AA");
        assert_eq!(column(701), "ZZ");
        assert_eq!(column(702), "AAA");
    }

    #[test]
    fn a_workbook_written_is_read_back_cell_for_cell() {
        let entities = Table {
            headers: vec!["Tên".into(), "Điện thoại".into(), "Ghi chú".into()],
            rows: vec![
                vec![
                    "Cục Bảo trợ xã hội".into(),
                    "+84 24 3826 9556".into(),
                    "=x <b> & \"q\"".into(),
                ],
                vec!["Tô Đức".into(), String::new(), "dòng 1\ndòng 2".into()],
            ],
            lines: vec![2, 3],
        };
        let links = Table {
            headers: vec!["subject".into()],
            rows: vec![vec!["a".into()]],
            lines: vec![2],
        };
        let bytes = write_xlsx(&[("entities", &entities), ("relations", &links)]).unwrap();
        let sheets = read(&bytes).unwrap();
        assert_eq!(sheets[0].0, "entities");
        assert_eq!(sheets[1].0, "relations");
        let read_back = table(&sheets[0].1, first_header(&sheets[0].1)).unwrap();
        assert_eq!(read_back, entities);
    }

    #[test]
    fn a_libreoffice_sheet_is_read() {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("content.xml", stored).unwrap();
        let cell = |t: &str| {
            format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>"
            )
        };
        let row = |cells: &[&str]| {
            format!(
                "<table:table-row>{}</table:table-row>",
                cells.iter().map(|c| cell(c)).collect::<String>()
            )
        };
        let content = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
             <office:body><office:spreadsheet><table:table table:name=\"Cán bộ\">{}{}{}\
             </table:table></office:spreadsheet></office:body></office:document-content>",
            row(&["Danh sách cán bộ"]),
            row(&["Tên", "Đơn vị"]),
            row(&["Nguyễn Thị Lan", "Cục BTXH"]),
        );
        zip.write_all(content.as_bytes()).unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let sheets = read(&bytes).unwrap();
        assert_eq!(sheets[0].0, "Cán bộ");
        // The header is the second row: a title sits above it.
        let t = table(&sheets[0].1, 1).unwrap();
        assert_eq!(t.headers, ["Tên", "Đơn vị"]);
        assert_eq!(t.rows, [["Nguyễn Thị Lan", "Cục BTXH"]]);
    }

    #[test]
    fn something_else_is_refused_with_a_message() {
        assert!(read(b"not a workbook").is_err());
    }
}
