//! The JSON path at a position of a document's text, for shape errors: serde_json says where in
//! the text it stopped (line and column); this walks the text up to there and names the value it
//! was in, as `levels[0].service`. Cheaper in code than tracking paths through deserialization.

enum Frame {
    /// An object and the key last read in it.
    Object(Option<String>),
    /// An array and the index of the element being read.
    Array(usize),
}

/// The path of the value being read at 1-based `line` and `column` (serde_json's convention:
/// the column of the last character read). Keys read so far count: at an unknown field, the
/// path ends with that field.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let end = offset(text, line, column);
    let mut stack: Vec<Frame> = Vec::new();
    let mut chars = text[..end].char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' => stack.push(Frame::Object(None)),
            '[' => stack.push(Frame::Array(0)),
            '}' | ']' => {
                stack.pop();
            }
            ',' => match stack.last_mut() {
                Some(Frame::Array(i)) => *i += 1,
                Some(Frame::Object(key)) => *key = None,
                None => {}
            },
            '"' => {
                let mut s = String::new();
                let mut escaped = false;
                for (_, c) in chars.by_ref() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => {
                            escaped = false;
                            s.push(c);
                        }
                    }
                }
                if let Some(Frame::Object(key @ None)) = stack.last_mut() {
                    *key = Some(s);
                }
            }
            _ => {}
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => break,
            Frame::Array(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

/// Byte offset just after the byte at (line, column), both 1-based; the text's end if beyond.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    // serde_json counts columns in bytes.
    let mut end = (start + column).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::path_at;

    #[test]
    fn names_the_value_at_a_position() {
        let text = "{\"levels\": [{\"name\": \"a\"}, {\"staff\": \"many\", \"x\": 1}], \"run\": {}}";
        let at = |needle: &str| {
            let i = text.find(needle).unwrap() + needle.len();
            path_at(text, 1, i)
        };
        assert_eq!(at("\"many\""), "levels[1].staff");
        assert_eq!(at("\"x\""), "levels[1].x");
        assert_eq!(at("\"a\""), "levels[0].name");
        assert_eq!(at("\"run\": {"), "run");
        assert_eq!(path_at("{\n \"a\": [1,\n 2, {\"b\": \"}\"}]}", 3, 12), "a[2].b");
        // Columns count bytes: "—" is three.
        let text = "{\"d\": \"——\", \"n\": -3}";
        assert_eq!(path_at(text, 1, text.find("-3").unwrap() + 2), "n");
    }
}
