//! A structural pass over an inference request's JSON: the fields of an object and the items
//! of an array, each as the byte span of its value, found without parsing the values.
//!
//! An array or object value is skipped by matching its brackets with a vectorised search
//! ([`memchr::memchr3`] for the bracket pair and `"`; strings by `"` and `\`), so a tensor's
//! `data` of a million numbers costs the pass a few searches per row instead of a parse: the
//! numbers are parsed once, by the tensor decoder. Nothing is accepted unchecked: every span is
//! handed to a reader that validates it (serde_json for the small fields, the crate's JSON
//! decoder for `data`, and serde_json's `IgnoredAny` for fields the protocol does not define),
//! and the punctuation between spans is checked here. No recursion, no allocation but the list
//! of spans.

use std::borrow::Cow;
use std::ops::Range;

use crate::error::{Error, Result};

/// A key and the span of its value.
pub(crate) type Fields<'a> = Vec<(Cow<'a, str>, Range<usize>)>;

struct Skim<'a> {
    b: &'a [u8],
    pos: usize,
    /// Where `b` starts in the text the error positions are reported against.
    base: usize,
}

impl<'a> Skim<'a> {
    fn error(&self, at: usize, what: &str) -> Error {
        Error::bad_input(format!(
            "invalid JSON in the inference request at byte {}: {what}",
            self.base + at
        ))
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, c: u8, what: &str) -> Result<()> {
        self.ws();
        if self.b.get(self.pos) == Some(&c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn unexpected(&self, what: &str) -> Error {
        match self.b.get(self.pos) {
            None => self.error(self.pos, &format!("unexpected end, expected {what}")),
            Some(_) => self.error(self.pos, &format!("expected {what}")),
        }
    }

    /// The end of the string whose opening quote is at `at`.
    fn string_end(&self, at: usize) -> Result<usize> {
        let mut i = at + 1;
        loop {
            let Some(j) = memchr::memchr2(b'"', b'\\', &self.b[i..]) else {
                return Err(self.error(at, "unterminated string"));
            };
            let j = i + j;
            if self.b[j] == b'"' {
                return Ok(j + 1);
            }
            i = j + 2;
            if i > self.b.len() {
                return Err(self.error(at, "unterminated string"));
            }
        }
    }

    /// The end of the array or object opening at `at`, by bracket matching.
    fn close_end(&self, at: usize, open: u8, close: u8) -> Result<usize> {
        let mut depth = 0usize;
        let mut i = at;
        loop {
            let Some(j) = memchr::memchr3(open, close, b'"', &self.b[i..]) else {
                let what = if open == b'[' { "array" } else { "object" };
                return Err(self.error(at, &format!("unterminated {what}")));
            };
            let j = i + j;
            let c = self.b[j];
            if c == b'"' {
                i = self.string_end(j)?;
                continue;
            }
            if c == open {
                depth += 1;
            } else {
                depth -= 1;
                if depth == 0 {
                    return Ok(j + 1);
                }
            }
            i = j + 1;
        }
    }

    /// Skip one value (after whitespace): its span.
    fn value(&mut self) -> Result<Range<usize>> {
        self.ws();
        let start = self.pos;
        let end = match self.b.get(start) {
            None => return Err(self.unexpected("a value")),
            Some(b'[') => self.close_end(start, b'[', b']')?,
            Some(b'{') => self.close_end(start, b'{', b'}')?,
            Some(b'"') => self.string_end(start)?,
            Some(_) => {
                let mut i = start;
                while let Some(c) = self.b.get(i) {
                    if matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    i += 1;
                }
                if i == start {
                    return Err(self.unexpected("a value"));
                }
                i
            }
        };
        self.pos = end;
        Ok(start..end)
    }

    fn key(&mut self) -> Result<Cow<'a, str>> {
        self.ws();
        if self.b.get(self.pos) != Some(&b'"') {
            return Err(self.unexpected("a key string"));
        }
        let start = self.pos;
        let end = self.string_end(start)?;
        self.pos = end;
        let raw = &self.b[start + 1..end - 1];
        if !raw.contains(&b'\\')
            && let Ok(s) = std::str::from_utf8(raw)
            && !raw.iter().any(|&c| c < 0x20)
        {
            return Ok(Cow::Borrowed(s));
        }
        serde_json::from_slice::<String>(&self.b[start..end])
            .map(Cow::Owned)
            .map_err(|e| self.error(start, &format!("invalid key: {e}")))
    }
}

/// The fields of the JSON object that `text` holds (whitespace around it allowed), in order,
/// duplicates included; `base` is where `text` starts in the request, for error positions.
pub(crate) fn object_fields(text: &[u8], base: usize) -> Result<Fields<'_>> {
    let mut sc = Skim {
        b: text,
        pos: 0,
        base,
    };
    sc.expect(b'{', "an object")?;
    let mut fields = Fields::new();
    sc.ws();
    if sc.b.get(sc.pos) == Some(&b'}') {
        sc.pos += 1;
    } else {
        loop {
            let key = sc.key()?;
            sc.expect(b':', "':'")?;
            let span = sc.value()?;
            fields.push((key, span));
            sc.ws();
            match sc.b.get(sc.pos) {
                Some(b',') => sc.pos += 1,
                Some(b'}') => {
                    sc.pos += 1;
                    break;
                }
                _ => return Err(sc.unexpected("',' or '}'")),
            }
        }
    }
    end(&mut sc)?;
    Ok(fields)
}

/// The items of the JSON array that `text` holds, as spans, in order.
pub(crate) fn array_items(text: &[u8], base: usize) -> Result<Vec<Range<usize>>> {
    let mut sc = Skim {
        b: text,
        pos: 0,
        base,
    };
    sc.expect(b'[', "an array")?;
    let mut items = Vec::new();
    sc.ws();
    if sc.b.get(sc.pos) == Some(&b']') {
        sc.pos += 1;
    } else {
        loop {
            items.push(sc.value()?);
            sc.ws();
            match sc.b.get(sc.pos) {
                Some(b',') => sc.pos += 1,
                Some(b']') => {
                    sc.pos += 1;
                    break;
                }
                _ => return Err(sc.unexpected("',' or ']'")),
            }
        }
    }
    end(&mut sc)?;
    Ok(items)
}

fn end(sc: &mut Skim<'_>) -> Result<()> {
    sc.ws();
    if sc.pos < sc.b.len() {
        return Err(sc.error(sc.pos, "unexpected text after the value"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, String)> {
        object_fields(text.as_bytes(), 0)
            .unwrap()
            .into_iter()
            .map(|(k, r)| (k.into_owned(), text[r].to_string()))
            .collect()
    }

    #[test]
    fn spans_of_fields_and_items() {
        let got =
            keys(r#" {"a": [1, [2, "]"], 3], "b\u0041" : {"x": "}"}, "c":-1.5e3 ,"d":"q\"" } "#);
        assert_eq!(
            got,
            [
                ("a".into(), r#"[1, [2, "]"], 3]"#.into()),
                ("bA".into(), r#"{"x": "}"}"#.into()),
                ("c".into(), "-1.5e3".into()),
                ("d".into(), r#""q\"""#.into()),
            ]
        );
        assert!(keys("{}").is_empty());
        let t = br#"[{"a": 1}, [], "s", 2]"#;
        let items = array_items(t, 0).unwrap();
        assert_eq!(items.len(), 4);
        assert_eq!(&t[items[0].clone()], br#"{"a": 1}"#);
        assert!(array_items(b" [ ] ", 0).unwrap().is_empty());
    }

    #[test]
    fn broken_structure_is_a_positioned_error() {
        let cases: [(&str, &str); 8] = [
            ("", "at byte 0: unexpected end, expected an object"),
            ("[1]", "at byte 0: expected an object"),
            (r#"{"a": [1, 2}"#, "at byte 6: unterminated array"),
            (r#"{"a": "x}"#, "at byte 6: unterminated string"),
            (r#"{"a" 1}"#, "at byte 5: expected ':'"),
            (r#"{"a": 1 "b": 2}"#, "at byte 8: expected ',' or '}'"),
            (r#"{"a": 1,}"#, "at byte 8: expected a key string"),
            (
                r#"{"a": 1} x"#,
                "at byte 9: unexpected text after the value",
            ),
        ];
        for (text, msg) in cases {
            let e = object_fields(text.as_bytes(), 0).unwrap_err();
            assert_eq!(
                e.message(),
                format!("invalid JSON in the inference request {msg}"),
                "{text}"
            );
        }
        let e = array_items(b"[1,", 10).unwrap_err();
        assert_eq!(
            e.message(),
            "invalid JSON in the inference request at byte 13: unexpected end, expected a value"
        );
        // A lone backslash at the very end of a string.
        assert!(object_fields(br#"{"a": "\"#, 0).is_err());
    }
}
