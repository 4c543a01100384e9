//! The escalation rule language: readable rules ("legal risk goes to the executive") that a
//! scenario carries beside its matrix and triggers. See `docs/rules.md` for the language and
//! its semantics.
//!
//! - [`syntax`]: the parsed form, printed back in canonical form by `Display`.
//! - [`parse`]: text to [`syntax::RuleFile`], with line:column errors, what was expected and a hint.
//! - [`fix`]: quick fixes, the edits that mend an error, carried by the errors that have one.
//! - [`lower`]: rules to triggers; [`as_rules`]: triggers back to rules.
//! - [`format()`]: a rule text in the canonical layout with its comments kept.

pub mod as_rules;
pub mod fix;
mod format;
pub mod lower;
pub mod parse;
pub mod syntax;

pub use fix::{Edit, Fix};
pub use format::format;
pub use parse::{RuleError, parse, parse_all, parse_condition};
pub use syntax::RuleFile;
