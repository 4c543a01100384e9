//! Files broken in one way each: what is refused says what and where; what can be read is read,
//! with the rest counted by reason, row and text.

use escalation_lab::engine::history::{
    Clock, DateColumn, DateFormat, Delimiter, Encoding, Layout, Mapping, ReadOptions, Refused, Separator,
};

use super::{fixture, ms, read, refused};

/// The ServiceNow sample's header and first `rows` rows, as text.
fn servicenow_head(rows: usize) -> String {
    let text = String::from_utf8(fixture("servicenow-incidents-sample.csv")).unwrap();
    text.lines().take(rows + 1).fold(String::new(), |all, l| all + l + "\n")
}

#[test]
fn fields_split_by_another_character_are_refused_at_the_header() {
    let r = refused(b"id|opened|group\n1|2024-01-01|A\n", &ReadOptions::default());
    assert_eq!(r, Refused::NoDelimiter { header: "id|opened|group".into() });
    assert_eq!(
        r.to_string(),
        "row 1 is one column ('id|opened|group'): no comma, semicolon or tab separates its fields"
    );
}

#[test]
fn a_delimiter_given_wrong_is_pointed_at() {
    let semicolons = servicenow_head(3).replace(',', ";");
    let comma = ReadOptions { delimiter: Some(Delimiter::Comma), ..ReadOptions::default() };
    let r = refused(semicolons.as_bytes(), &comma);
    assert!(matches!(r, Refused::UnknownLayout { .. }), "{r:?}");
    assert!(
        r.to_string().ends_with("; the header is one column with semicolons in it: is the delimiter wrong?"),
        "{r}"
    );
    // Detected, the same text reads.
    assert_eq!(read(semicolons.as_bytes(), &ReadOptions::default()).detected.delimiter, Delimiter::Semicolon);
}

#[test]
fn a_column_the_layout_needs_is_named_with_what_is_near() {
    let text = servicenow_head(3).replacen("opened_at", "opend_at", 1);
    let r = refused(text.as_bytes(), &ReadOptions::default());
    assert!(
        matches!(&r, Refused::MissingColumn { layout: Layout::ServiceNow, column, near: Some(n), .. } if column == "opened_at" && n == "opend_at")
    );
    assert_eq!(
        r.to_string(),
        "row 1: the ServiceNow incident export needs a column 'opened_at' (when the ticket was opened), which the header does not have; did you mean 'opend_at'?"
    );
    let mapping = Mapping { ticket_id: "Key".into(), opened: Some("Created at".into()), ..Mapping::default() };
    let r = refused(&fixture("zendesk-tickets.csv"), &ReadOptions { mapping: Some(mapping), ..ReadOptions::default() });
    assert!(r.to_string().starts_with("row 1: the mapped CSV needs a column 'Key' (the ticket id), which the header does not have (it has 'Summation column', 'Id', 'Requester', "), "{r}");
}

#[test]
fn rows_with_unreadable_dates_are_skipped_and_counted() {
    // Rows 3 and 9 open on a day and at an hour that do not exist; row 6 has a field too many.
    let mut lines: Vec<String> = servicenow_head(20).lines().map(str::to_string).collect();
    for row in [3, 9] {
        let mut fields: Vec<&str> = lines[row - 1].split(',').collect();
        fields[9] = "31-02-2016 25:00"; // opened_at
        lines[row - 1] = fields.join(",");
    }
    lines[5].push_str(",extra");
    let text = lines.join("\n");
    let read = read(text.as_bytes(), &ReadOptions::default());
    assert_eq!((read.rows, read.used), (20, 17));
    let said: Vec<String> = read.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "2 rows: opened_at is not a date, first at row 3: '31-02-2016 25:00'",
            "1 row: 37 fields where the header has 36, first at row 6: 'INC0000047,New,TRUE,0,0,0'",
        ]
    );
    assert_eq!(read.skipped[0].rows, [3, 9]);
}

#[test]
fn a_date_in_another_format_than_its_column_is_skipped_not_guessed() {
    let text = "Id,Created at,Solved at\n\
1,2024-03-04 08:02:11,2024-03-04 09:15:40\n\
2,2024-03-04 08:15:03,\n\
3,14-03-2024 09:00,2024-03-14 10:00:00\n\
4,2024-03-05 10:00:00,2024-03-05 11:00:00\n\
5,03/15/2024 9:00 AM,\n";
    let read = read(text.as_bytes(), &ReadOptions::default());
    assert_eq!(read.used, 3);
    assert_eq!(read.detected.dates[0].format, Some(DateFormat::YearMonthDay));
    let said: Vec<String> = read.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "2 rows: Created at is written dd-mm-yyyy HH:MM, where the column is yyyy-mm-dd HH:MM:SS (ISO 8601), first at row 4: '14-03-2024 09:00'"
        ]
    );
    assert_eq!(read.skipped[0].rows, [4, 6]);
}

#[test]
fn an_empty_file_and_a_header_alone_are_refused() {
    for empty in [&b""[..], b"  \r\n\n", b"\xEF\xBB\xBF"] {
        let r = refused(empty, &ReadOptions::default());
        assert_eq!((r.clone(), r.to_string()), (Refused::Empty, "the file is empty".to_string()));
    }
    let r = refused(servicenow_head(0).as_bytes(), &ReadOptions::default());
    assert_eq!(
        (r.clone(), r.to_string()),
        (Refused::HeaderOnly, "the file has a header (row 1) and no rows".to_string())
    );
    let r = refused(b"\xFF\xFEI\0d\0", &ReadOptions::default());
    assert_eq!(r.to_string(), "the file is UTF-16 text: save it as CSV in UTF-8");
}

#[test]
fn a_quote_left_open_is_found_where_it_opened() {
    let text = "Issue key,Created,Resolved,Summary\n\
SD-1,04/Mar/24 8:12 AM,04/Mar/24 9:00 AM,Printer\n\
SD-2,04/Mar/24 8:30 AM,,\"Laptop, does not boot\n\
SD-3,04/Mar/24 9:00 AM,,Mouse\n\
SD-4,04/Mar/24 9:30 AM,,Screen\n";
    let read = read(text.as_bytes(), &ReadOptions::default());
    // The reader takes everything after the quote into one field of row 3.
    assert_eq!((read.rows, read.used, read.tickets.len()), (2, 1, 1));
    assert_eq!(
        read.skipped[0].to_string(),
        "1 row: a quote opened in Summary is never closed, so the rest of the file is one field, first at row 3: 'Laptop, does not boot↵SD-3,04/Mar/24 9:00 AM,,Mouse↵SD-4,04/Mar/24 9:30 AM,,Scre…'"
    );
    // Closed by a later quote, the field takes the lines between; the rows after are read.
    let closed_later = text.replacen(",Printer", ",\"Printer", 1);
    let read = super::read(closed_later.as_bytes(), &ReadOptions::default());
    assert_eq!((read.rows, read.used), (3, 2));
    assert_eq!(
        read.skipped[0].to_string(),
        "1 row: a quote opened in Summary runs to line 3, taking the lines between into one field, first at row 2: 'Printer↵SD-2,04/Mar/24 8:30 AM,,Laptop'"
    );
    // Nothing else to read: refused, saying why.
    let r = refused(b"Issue key,Created,Summary\nSD-1,04/Mar/24 8:12 AM,\"Printer\n", &ReadOptions::default());
    assert_eq!(
        r.to_string(),
        "none of the 1 rows can be used; 1 row: a quote opened in Summary is never closed, so the rest of the file is one field, first at row 2: 'Printer↵'"
    );
}

#[test]
fn latin_1_text_is_read_as_windows_1252_and_said_where() {
    let bytes = b"Id,Created at,Group,Subject\n\
1,2024-03-04 08:00:00,Support,Printer\n\
2,2024-03-04 09:00:00,Support r\xE9seau,Caf\xE9 machine \x93broken\x94\n";
    let read = read(bytes, &ReadOptions::default());
    assert_eq!(read.detected.encoding, Encoding::Windows1252);
    assert_eq!(read.tickets[1].visits[0].group, "Support réseau");
    let said: Vec<String> = read.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "row 3, Group: the file is not UTF-8: byte 0xE9 is read as Windows-1252 'é', and so is every field that is not UTF-8"
        ]
    );
}

#[test]
fn day_and_month_that_read_both_ways_ask_for_a_choice() {
    let text = "Id,Created at,Solved at\n1,03/04/2024 10:00,03/04/2024 11:30\n2,05/04/2024 09:15,\n";
    let r = refused(text.as_bytes(), &ReadOptions::default());
    assert_eq!(
        r.to_string(),
        "every date reads day first as well as month first in Created at (row 2: '03/04/2024 10:00'), Solved at (row 2: '03/04/2024 11:30'): choose which comes first"
    );
    let day_first = read(text.as_bytes(), &ReadOptions { day_first: Some(true), ..ReadOptions::default() });
    let dmy = DateFormat::DayMonthYear { separator: Separator::Slash, clock: Clock::H24 };
    assert_eq!(
        day_first.detected.dates[0],
        DateColumn { column: "Created at".into(), format: Some(dmy), ambiguous: true, values: 2 }
    );
    assert_eq!(day_first.tickets[0].opened, ms("2024-04-03 10:00"));
    let month_first = read(text.as_bytes(), &ReadOptions { day_first: Some(false), ..ReadOptions::default() });
    assert_eq!(month_first.tickets[0].opened, ms("2024-03-04 10:00"));
    // One day above 12, even in the last row, settles the column without asking.
    let settled = format!("{text}3,13/04/2024 08:00,\n");
    let read = read(settled.as_bytes(), &ReadOptions::default());
    assert_eq!(read.tickets[0].opened, ms("2024-04-03 10:00"));
    assert!(!read.detected.dates[0].ambiguous);
}

#[test]
fn a_repeated_ticket_in_a_ticket_a_row_export_is_skipped() {
    let text =
        "Id\tCreated at\tGroup\n7\t2024-03-04 08:00:00\tA\n8\t2024-03-04 08:05:00\tB\n7\t2024-03-04 08:10:00\tC\n";
    let read = read(text.as_bytes(), &ReadOptions::default());
    assert_eq!(read.detected.delimiter, Delimiter::Tab);
    assert_eq!(read.tickets.len(), 2);
    assert_eq!(read.skipped[0].to_string(), "1 row: Id repeats the ticket of row 2, first at row 4: '7'");
}

#[test]
fn a_row_needing_its_time_without_one_is_skipped() {
    let text = "Id,Created at\n1,2024-03-04 08:00:00\n2,?\n3,\n";
    let read = read(text.as_bytes(), &ReadOptions::default());
    assert_eq!(read.skipped[0].to_string(), "2 rows: Created at is empty, first at row 3: ''");
    let only_bad = "Id,Created at\n2,?\n";
    let r = refused(only_bad.as_bytes(), &ReadOptions::default());
    assert_eq!(r.to_string(), "none of the 1 rows can be used; 1 row: Created at is empty, first at row 2: ''");
    let offset = ReadOptions { utc_offset_minutes: 19 * 60, ..ReadOptions::default() };
    assert_eq!(refused(text.as_bytes(), &offset).to_string(), "a time zone offset of 1140 minutes is beyond ±18 hours");
}
