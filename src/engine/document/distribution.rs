//! Reading a [`DistributionDoc`]: `{"dist": "lognormal", "mean": "10m", "cv": 0.5}`.
//!
//! serde's derive reads an enum tagged by one of its fields by first copying the whole object
//! into a buffer of untyped values and then reading the variant from that buffer, which puts a
//! second decoder in the module (14 KB of code for this one type) and reports every problem at
//! the object's closing brace. This reads the fields as they come, once: a value of the wrong
//! type is reported where it stands, and a field the chosen distribution does not take (known to
//! another, or to none) is reported, as serde words it, with the fields that distribution takes.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::DistributionDoc;

/// The distributions by their `dist` name, in the order of [`DistributionDoc`]'s variants.
const NAMES: &[&str] = &["exponential", "lognormal", "gamma", "triangular", "uniform", "deterministic"];
/// The fields each distribution takes besides `dist`, in the same order.
const TAKES: [&[&str]; 6] =
    [&["mean"], &["mean", "cv"], &["mean", "shape"], &["min", "mode", "max"], &["min", "max"], &["value"]];
/// The duration fields, then the number fields, in the order of `Fields`' arrays.
const TEXTS: [&str; 5] = ["mean", "min", "mode", "max", "value"];
const NUMBERS: [&str; 2] = ["cv", "shape"];

/// What the object held, field by field.
#[derive(Default)]
struct Fields {
    kind: Option<usize>,
    texts: [Option<String>; 5],
    numbers: [Option<f64>; 2],
    /// The first field that no distribution takes.
    stray: Option<String>,
}

impl<'de> Deserialize<'de> for DistributionDoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DistributionVisitor)
    }
}

struct DistributionVisitor;

impl<'de> Visitor<'de> for DistributionVisitor {
    type Value = DistributionDoc;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As the validation's wording shows it: "must be an object with a "dist" field".
        f.write_str("an object with a \"dist\" field")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DistributionDoc, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<String>()? {
            if key == "dist" {
                if fields.kind.is_some() {
                    return Err(de::Error::duplicate_field("dist"));
                }
                let name = map.next_value::<String>()?;
                let kind = NAMES.iter().position(|n| *n == name);
                fields.kind = Some(kind.ok_or_else(|| de::Error::unknown_variant(&name, NAMES))?);
            } else if let Some(i) = TEXTS.iter().position(|n| *n == key) {
                if fields.texts[i].is_some() {
                    return Err(de::Error::duplicate_field(TEXTS[i]));
                }
                fields.texts[i] = Some(map.next_value()?);
            } else if let Some(i) = NUMBERS.iter().position(|n| *n == key) {
                if fields.numbers[i].is_some() {
                    return Err(de::Error::duplicate_field(NUMBERS[i]));
                }
                fields.numbers[i] = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
                fields.stray.get_or_insert(key);
            }
        }
        fields.build()
    }
}

impl Fields {
    fn build<E: de::Error>(self) -> Result<DistributionDoc, E> {
        let kind = self.kind.ok_or_else(|| E::missing_field("dist"))?;
        let takes = TAKES[kind];
        let given = TEXTS.iter().zip(&self.texts).filter(|(_, v)| v.is_some()).map(|(n, _)| *n);
        let given = given.chain(NUMBERS.iter().zip(&self.numbers).filter(|(_, v)| v.is_some()).map(|(n, _)| *n));
        if let Some(other) = self.stray.as_deref().or(given.clone().find(|n| !takes.contains(n))) {
            return Err(E::unknown_field(other, takes));
        }
        let [mean, min, mode, max, value] = self.texts;
        let [cv, shape] = self.numbers;
        let text = |v: Option<String>, name: &'static str| v.ok_or_else(|| E::missing_field(name));
        let number = |v: Option<f64>, name: &'static str| v.ok_or_else(|| E::missing_field(name));
        Ok(match kind {
            0 => DistributionDoc::Exponential { mean: text(mean, "mean")? },
            1 => DistributionDoc::Lognormal { mean: text(mean, "mean")?, cv: number(cv, "cv")? },
            2 => DistributionDoc::Gamma { mean: text(mean, "mean")?, shape: number(shape, "shape")? },
            3 => DistributionDoc::Triangular {
                min: text(min, "min")?,
                mode: text(mode, "mode")?,
                max: text(max, "max")?,
            },
            4 => DistributionDoc::Uniform { min: text(min, "min")?, max: text(max, "max")? },
            _ => DistributionDoc::Deterministic { value: text(value, "value")? },
        })
    }
}

#[cfg(test)]
mod tests;
