//! Share links: a whole scenario (its seed included) in the fragment of a URL, so that a link
//! reproduces the exact run anywhere, with no server.
//!
//! A link's fragment is `s=<version>.<payload>`, the payload in unpadded base64url:
//! - version 2 (written): the scenario's compact JSON, compressed as the continuation of a zlib
//!   stream that began with `DICTIONARY_2` (the words and JSON shapes every scenario repeats, so
//!   that even a short scenario compresses well); the stream's Adler-32 checksum catches a
//!   damaged link. The dictionary is part of the format: it never changes (another dictionary
//!   would be another version).
//! - version 1 (read): the JSON itself, readable by any tool.
//!
//! Decoding never trusts the link: its length is capped before anything is decoded, and the
//! decompressed size is capped while inflating, so no link can make the page hang or run out of
//! memory (no decompression bomb). What comes out is only text: the caller parses and validates
//! it like an imported file.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use miniz_oxide::deflate::core::{CompressorOxide, TDEFLFlush, compress_to_output, create_comp_flags_from_zip_params};
use miniz_oxide::inflate::TINFLStatus;

/// The version this code writes.
pub const LINK_VERSION: u32 = 2;
/// The longest fragment read, in characters.
pub const MAX_LINK: usize = 200_000;
/// The largest scenario a link may unpack to, in bytes.
pub const MAX_SCENARIO: usize = 1 << 20;
/// What precedes the payload in a URL fragment.
pub const PREFIX: &str = "s=";

/// Why a link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError(pub String);

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn error(message: impl Into<String>) -> LinkError {
    LinkError(message.into())
}

/// What scenarios repeat, in version 2 links: JSON shapes and keys of the scenario format and
/// words of their descriptions (the most common last, where references to them are shortest).
const DICTIONARY_2: &str = concat!(
    " issues are escalated to a team of specialists; the first level resolves most of them. ",
    "Assumed figures: about issues a week, an hour on average, minutes, hours, business days ",
    "(weekdays 09:00–17:00, so 8 h is one day). Times are elapsed handling times. Customer ",
    "complaints, incidents, requests, disputes go to the manager; what they cannot settle ",
    r#"{"triage":{"impact":{"high":0.2,"medium":0.3,"low":0.5},"urgency":{"high":0.2,"medium":0.3,"low":0.5},"matrix":"#,
    r#"{"bursts":[{"at":"","duration":"","arrivals_per_hour":,"category":""}],"scheduled":[{"#,
    r#""attributes":[{"name":"account","values":{"standard":0.8,"business":0.2}}],"#,
    r#""reopen":{"probability":0.05,"after":{"dist":"exponential","mean":"2d"}},"#,
    r#""triggers":[{"name":" waiting for ","when":{"queue_wait_over":{"P1":"10m","P2":"30m","P3":"2h","P4":"8h"}},"#,
    r#""levels":[""],"then":"escalate_next"},{"name":"","when":{"open_longer_than":{"after":"24h","calendar":""}},"#,
    r#""then":{"escalate_to":""}},{"name":"resolution at risk","when":{"sla_elapsed":{"target":"resolution","fraction":0.8}},"then":{"notify":""}}],"#,
    r#""calendars":[{"name":"business_days","hours":[{"days":["weekdays"],"from":"09:00","to":"17:00"}],"holidays":["2026-"]}],"#,
    r#""sla":[{"name":"","calendar":"","targets":{"P1":{"first_response":"15m","resolution":"4h"},"P2":{"first_response":"1h","resolution":"8h"},"#,
    r#""P3":{"first_response":"4h","resolution":"24h"},"P4":{"first_response":"8h","resolution":"5d"}}}],"#,
    r#""workload":{"arrivals_per_hour":,"hour_of_day":[0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0],"day_of_week":[1,1,1,1,1,0,0]"#,
    r#","priority_mix":{"P1":0.05,"P2":0.15,"P3":0.5,"P4":0.3}},"#,
    r#""categories":[{"name":"general","share":1,"path":["L1","L2","L3"],"entry":{"P1":"L2"},"priority_mix":{"#,
    r#""levels":[{"name":"L1","role":"frontline","staff":10,"shifts":[{"days":["weekdays"],"from":"08:00","to":"18:00","staff":}],"#,
    r#""service":{"dist":"exponential","mean":"10m"},"resolve_probability":0.6,"handoff":{"dist":"lognormal","mean":"5m","cv":0.5}},"#,
    r#"{"name":"L2","role":"specialist","staff":,"service":{"dist":"gamma","mean":"1h","shape":2},"resolve_probability":0.8,"overrides":"#,
    r#"{"version":1,"name":"","description":"","clock":{"start":"2026-01-05T00:00:00+00:00"},"#,
    r#""priorities":[{"name":"P1","label":"Critical"},{"name":"P2","label":"High"},{"name":"P3","label":"Medium"},{"name":"P4","label":"Low"}],"#,
    r#""run":{"horizon":"1000h","warmup":"100h","replications":5,"seed":1,"end":"drain"}}"#,
);

/// The start of a version 2 stream: the zlib header and `DICTIONARY_2`, ending on a byte
/// boundary (a sync flush), with the compressor that continues into the scenario.
fn dictionary_2() -> (Vec<u8>, Box<CompressorOxide>) {
    // Level 10, zlib framing, default strategy (as `compress_to_vec_zlib(_, 10)`).
    let flags = create_comp_flags_from_zip_params(10, 15, 0);
    let mut c = Box::new(CompressorOxide::new(flags));
    let mut out = Vec::new();
    compress_to_output(&mut c, DICTIONARY_2.as_bytes(), TDEFLFlush::Sync, |b| {
        out.extend_from_slice(b);
        true
    });
    (out, c)
}

/// The fragment (without `#`) of a link to the scenario whose JSON text is `json`.
pub fn encode(json: &str) -> String {
    let (start, mut c) = dictionary_2();
    let mut out = start.clone();
    compress_to_output(&mut c, json.as_bytes(), TDEFLFlush::Finish, |b| {
        out.extend_from_slice(b);
        true
    });
    format!("{PREFIX}{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(&out[start.len()..]))
}

/// [`encode`], refusing what [`decode`] would refuse: a scenario over 1 MB, or a link over
/// [`MAX_LINK`] characters. The message says which and by how much.
pub fn encode_within_limits(json: &str) -> Result<String, String> {
    if json.len() > MAX_SCENARIO {
        return Err(format!(
            "the scenario is {} bytes as compact JSON; a link carries at most {MAX_SCENARIO} (1 MB)",
            json.len()
        ));
    }
    let fragment = encode(json);
    if fragment.len() > MAX_LINK {
        return Err(format!("the link would be {} characters; links open up to {MAX_LINK}", fragment.len()));
    }
    Ok(fragment)
}

/// Whether a URL fragment (without `#`) carries a scenario at all.
pub fn is_link(fragment: &str) -> bool {
    fragment.starts_with(PREFIX)
}

/// The scenario JSON text a link's fragment (without `#`) carries.
pub fn decode(fragment: &str) -> Result<String, LinkError> {
    if fragment.len() > MAX_LINK {
        return Err(error(format!(
            "the link is too long to be a scenario ({} characters; at most {MAX_LINK})",
            fragment.len()
        )));
    }
    let rest = fragment
        .strip_prefix(PREFIX)
        .ok_or_else(|| error("the link carries no scenario (its part after # should start with s=)"))?;
    let (version, payload) =
        rest.split_once('.').ok_or_else(|| error("the link is damaged: it has no version (s=2.… is expected)"))?;
    let version: u32 = version
        .parse()
        .map_err(|_| error(format!("the link is damaged: \"{}\" is not a version number", clip(version))))?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).map_err(|e| {
        error(match e {
            base64::DecodeError::InvalidByte(at, byte) => {
                format!(
                    "the link is damaged: character {} (\"{}\") cannot be part of it",
                    at + 1,
                    char::from(byte).escape_default()
                )
            }
            _ => {
                "the link is cut short or damaged: its last characters are not whole (copy the whole link)".to_string()
            }
        })
    })?;
    let text = match version {
        1 => {
            if bytes.len() > MAX_SCENARIO {
                return Err(too_big());
            }
            bytes
        }
        2 => {
            let mut stream = dictionary_2().0;
            stream.extend_from_slice(&bytes);
            let limit = DICTIONARY_2.len() + MAX_SCENARIO;
            let mut text = unpack(&stream, limit)?;
            text.drain(..DICTIONARY_2.len().min(text.len()));
            text
        }
        0 => {
            return Err(error(format!(
                "the link is damaged: link format 0 was never made (this version reads 1 to {LINK_VERSION})"
            )));
        }
        v => {
            return Err(error(format!(
                "the link was made by a newer version of Escalation Lab (link format {v}; this one reads 1 to {LINK_VERSION})"
            )));
        }
    };
    String::from_utf8(text).map_err(|_| error("the link is damaged: its scenario is not text"))
}

/// Inflates a zlib stream to at most `limit` bytes.
fn unpack(stream: &[u8], limit: usize) -> Result<Vec<u8>, LinkError> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(stream, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => too_big(),
        TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
            error("the link is cut short: part of its scenario is missing (copy the whole link)")
        }
        TINFLStatus::Adler32Mismatch => error("the link is damaged: its checksum does not match its contents"),
        _ => error("the link is damaged: its scenario cannot be unpacked"),
    })
}

fn too_big() -> LinkError {
    error(format!("the link's scenario is larger than {} MB when unpacked, so it is not read", MAX_SCENARIO >> 20))
}

/// At most 20 characters of untrusted text, for a message.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(20).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}
