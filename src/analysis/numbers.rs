//! Quantities in text: a value or a range with its unit, however it is written: digits ("614",
//! "34.5", "1,200"), with a scale ("34 million", "2bn"), in words ("twenty-three", "a foot",
//! "an hour", "half an hour"), vague amounts ("dozens", "several", "a few", "multi-year"), ranges
//! ("three to four hours", "30 minutes to an hour", "3-4 days", "between 10 and 12"), bounds
//! ("more than 30", "up to 40", "at least two"), compounds used as adjectives ("two-day",
//! "30-minute", "five-mile"), speeds as a length per time ("55 miles per hour"), temperatures
//! with their scale ("19°F", "minus 7 Celsius") and signs ("-7").
//!
//! Two quantities are compared by value only when their units measure the same thing: hours with
//! minutes, miles with kilometres, "flights" with "flights". A number about something else ("two
//! days" against "614 flights") is not comparable, never a match and never a contradiction.
//!
//! The number words, scales and units here are the grammar of English numerals and of standard
//! measures, not data about any article. Pure functions: nothing here reads the knowledge.

use std::ops::Range;

use crate::text::{normalize, stem, words};

/// What a unit measures. Values of the same dimension are compared after conversion to its base
/// unit (seconds, metres, metres per second, kilograms, per cent, the currency itself).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dimension {
    Time,
    Length,
    Speed,
    Mass,
    Area,
    Volume,
    Temperature,
    Percent,
    /// An amount of money in one currency ("dollar", "euro").
    Money(&'static str),
    /// A calendar year ("in 2024").
    Year,
    /// A time of day ("6 a.m.", "8pm"), in minutes after midnight.
    Clock,
    /// A count of things, by the stem of the counted noun ("614 flights" -> `flight`).
    Count(String),
}

/// The unit a quantity is given in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    /// The unit as written, normalised ("hours", "mph", "flights").
    pub name: String,
    pub dimension: Dimension,
}

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Lowest and highest value meant, in the base unit of its dimension ("three to four hours"
    /// -> 10800..14400 seconds; "30" -> 30..30; "more than 30" -> 30..inf).
    pub low: f64,
    pub high: f64,
    /// The amount is vague or hedged ("about", "dozens", "several"): compared with a margin.
    pub approx: bool,
    pub unit: Option<Unit>,
    /// Byte range of the quantity in the text it was read from.
    pub span: Range<usize>,
    /// Its words as [`crate::text::words`] reads them, so a reader of the same text can tell
    /// which of its words belong to a quantity.
    pub words: Vec<String>,
}

/// How a claimed quantity stands against a stated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// The same amount ("two days" and "two-day").
    Same,
    /// Overlapping amounts ("several years" and "multi-year").
    Compatible,
    /// Amounts of the same measure that cannot both be right ("30 mph" and "23 mph").
    Conflict,
    /// Different measures ("two days" and "614 flights"): says nothing either way.
    Incomparable,
}

/// Relative margin of a hedged or vague amount ("about 30" holds for 26 to 34).
const APPROX_MARGIN: f64 = 0.15;

impl Quantity {
    /// The quantity's value as people would say it, for reasons ("2 days", "30 to 60 minutes").
    pub fn display(&self) -> String {
        let (factor, name) = match &self.unit {
            // "in 2021" reads "2021", not "2021 year".
            Some(u) if u.dimension == Dimension::Year => (1.0, ""),
            Some(u) if u.dimension == Dimension::Clock => {
                let at = |m: f64| {
                    let m = m.round() as i64;
                    let (h, min) = (m / 60, m % 60);
                    let half = if h >= 12 { "p.m." } else { "a.m." };
                    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
                    if min == 0 {
                        format!("{h12} {half}")
                    } else {
                        format!("{h12}:{min:02} {half}")
                    }
                };
                return if (self.high - self.low).abs() < 1e-9 {
                    at(self.low)
                } else {
                    format!("{} to {}", at(self.low), at(self.high))
                };
            }
            Some(u) => (display_factor(u), u.name.as_str()),
            None => (1.0, ""),
        };
        let plain = |v: f64| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{}", v.round() as i64)
            } else {
                format!("{v:.2}")
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string()
            }
        };
        // Large amounts with their scale word, as people write them ("34.5 million").
        let num = |x: f64| {
            let v = x / factor;
            [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]
                .iter()
                .find(|(s, _)| v.abs() >= *s && ((v / s) * 100.0).fract().abs() < 1e-6)
                .map(|(s, word)| format!("{} {word}", plain(v / s)))
                .unwrap_or_else(|| plain(v))
        };
        let value = if self.high.is_infinite() {
            format!("more than {}", num(self.low))
        } else if (self.high - self.low).abs() < 1e-9 {
            num(self.low)
        } else {
            format!("{} to {}", num(self.low), num(self.high))
        };
        if name.is_empty() {
            value
        } else {
            format!("{value} {name}")
        }
    }

    /// Whether the two are amounts of the same measure.
    pub fn comparable(&self, other: &Quantity) -> bool {
        match (&self.unit, &other.unit) {
            (Some(a), Some(b)) => a.dimension == b.dimension,
            (None, None) => true,
            _ => false,
        }
    }

    /// Whether `self` (claimed), a compatible amount, says no more than `stated`: it is vague
    /// itself ("several years" of "multi-year"), or its range holds the stated one ("dozens of
    /// flights" of "40 flights", "about 30" of "28"). One exact number the article does not
    /// give ("40 flights" of "dozens", "five years" of "multi-year") is not what it states.
    pub fn covers(&self, stated: &Quantity) -> bool {
        let exact = !self.approx && self.low == self.high;
        if !exact {
            return true;
        }
        if let (Some(mine), Some(theirs)) = (self.scale(), stated.scale()) {
            if mine != theirs {
                return self.covers(&stated.in_scale(mine));
            }
        }
        let (a0, a1) = self.widened();
        let eps = 1e-9 * (1.0 + a0.abs().max(stated.low.abs()));
        a0 <= stated.low + eps && stated.high <= a1 + eps
    }

    /// Its range, widened on both sides when it is approximate ("about 30").
    fn widened(&self) -> (f64, f64) {
        if self.approx {
            // Away from zero on both sides, also for negative amounts ("about -7").
            (
                self.low - self.low.abs() * APPROX_MARGIN,
                self.high + self.high.abs() * APPROX_MARGIN,
            )
        } else {
            (self.low, self.high)
        }
    }

    /// How `self` (claimed) stands against `stated`.
    pub fn compare(&self, stated: &Quantity) -> Agreement {
        if !self.comparable(stated) {
            return Agreement::Incomparable;
        }
        // "19 degrees Celsius" against "19 degrees Fahrenheit": the same scale first.
        if let (Some(mine), Some(theirs)) = (self.scale(), stated.scale()) {
            if mine != theirs {
                return self.compare(&stated.in_scale(mine));
            }
        }
        let (a0, a1) = self.widened();
        let (b0, b1) = stated.widened();
        let eps = 1e-9 * (1.0 + a0.abs().max(b0.abs()));
        if (self.low - stated.low).abs() <= eps && (self.high - stated.high).abs() <= eps {
            Agreement::Same
        } else if a0 <= b1 + eps && b0 <= a1 + eps {
            Agreement::Compatible
        } else {
            Agreement::Conflict
        }
    }

    /// The temperature scale it is given in, when the text names one.
    fn scale(&self) -> Option<Scale> {
        let u = self.unit.as_ref()?;
        if u.dimension != Dimension::Temperature {
            return None;
        }
        u.name.rsplit(' ').next().and_then(scale_named)
    }

    /// The same temperature in scale `to`, to the nearest degree: conversions are written
    /// rounded ("19 degrees Fahrenheit (minus 7 Celsius)").
    fn in_scale(&self, to: Scale) -> Quantity {
        let convert = |v: f64| {
            match to {
                Scale::Celsius => (v - 32.0) * 5.0 / 9.0,
                Scale::Fahrenheit => v * 9.0 / 5.0 + 32.0,
            }
            .round()
        };
        Quantity {
            low: convert(self.low),
            high: convert(self.high),
            unit: Some(temperature(Some(to))),
            ..self.clone()
        }
    }
}

/// A temperature scale. Temperatures are kept in the scale they are written in (converting
/// needs an offset, not only a factor) and converted when two scales are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    Celsius,
    Fahrenheit,
}

/// The scale a word names: "F", "Fahrenheit", "C", "Celsius", "centigrade".
fn scale_named(w: &str) -> Option<Scale> {
    match w.to_ascii_lowercase().as_str() {
        "f" | "fahrenheit" => Some(Scale::Fahrenheit),
        "c" | "celsius" | "centigrade" => Some(Scale::Celsius),
        _ => None,
    }
}

/// A temperature unit, named the way reasons show it.
fn temperature(scale: Option<Scale>) -> Unit {
    Unit {
        name: match scale {
            Some(Scale::Celsius) => "degrees Celsius",
            Some(Scale::Fahrenheit) => "degrees Fahrenheit",
            None => "degrees",
        }
        .into(),
        dimension: Dimension::Temperature,
    }
}

/// The factor that turns a base-unit value back into the unit as written.
/// Looked up the way the unit was read ([`unit_of`]), so that every plural it knows ("inches",
/// "feet") shows in its own unit. Temperatures are kept in the scale they were written in.
fn display_factor(u: &Unit) -> f64 {
    match u.dimension {
        Dimension::Time
        | Dimension::Length
        | Dimension::Speed
        | Dimension::Mass
        | Dimension::Area
        | Dimension::Volume => speed_parts(&u.name)
            .map(|(length, time)| length / time)
            .or_else(|| unit_of(&u.name).map(|(_, f)| f))
            .unwrap_or(1.0),
        _ => 1.0,
    }
}

/// A speed written as a length per time ("miles per hour", "km an hour"): the two units' sizes.
fn speed_parts(name: &str) -> Option<(f64, f64)> {
    let mut w = name.split(' ');
    let (length, joiner, time) = (w.next()?, w.next()?, w.next()?);
    if !matches!(joiner, "per" | "an" | "a") || w.next().is_some() {
        return None;
    }
    match (unit_of(length)?, unit_of(time)?) {
        ((l, lf), (t, tf))
            if l.dimension == Dimension::Length && t.dimension == Dimension::Time =>
        {
            Some((lf, tf))
        }
        _ => None,
    }
}

/// Units of measure: spelling, dimension and size in the dimension's base unit.
const UNITS: &[(&str, Dim, f64)] = &[
    ("second", Dim::Time, 1.0),
    ("sec", Dim::Time, 1.0),
    ("minute", Dim::Time, 60.0),
    ("min", Dim::Time, 60.0),
    ("hour", Dim::Time, 3600.0),
    ("hr", Dim::Time, 3600.0),
    ("day", Dim::Time, 86400.0),
    ("night", Dim::Time, 86400.0),
    ("week", Dim::Time, 604800.0),
    ("fortnight", Dim::Time, 1209600.0),
    ("month", Dim::Time, 2629800.0),
    ("year", Dim::Time, 31557600.0),
    ("decade", Dim::Time, 315576000.0),
    ("century", Dim::Time, 3155760000.0),
    ("millimetre", Dim::Length, 0.001),
    ("millimeter", Dim::Length, 0.001),
    ("mm", Dim::Length, 0.001),
    ("centimetre", Dim::Length, 0.01),
    ("centimeter", Dim::Length, 0.01),
    ("cm", Dim::Length, 0.01),
    ("metre", Dim::Length, 1.0),
    ("meter", Dim::Length, 1.0),
    ("m", Dim::Length, 1.0),
    ("kilometre", Dim::Length, 1000.0),
    ("kilometer", Dim::Length, 1000.0),
    ("km", Dim::Length, 1000.0),
    ("inch", Dim::Length, 0.0254),
    ("foot", Dim::Length, 0.3048),
    ("feet", Dim::Length, 0.3048),
    ("ft", Dim::Length, 0.3048),
    ("yard", Dim::Length, 0.9144),
    ("mile", Dim::Length, 1609.344),
    ("mph", Dim::Speed, 0.44704),
    ("kph", Dim::Speed, 1000.0 / 3600.0),
    ("kmh", Dim::Speed, 1000.0 / 3600.0),
    ("knot", Dim::Speed, 1852.0 / 3600.0),
    ("gram", Dim::Mass, 0.001),
    ("kilogram", Dim::Mass, 1.0),
    ("kg", Dim::Mass, 1.0),
    ("kilo", Dim::Mass, 1.0),
    ("pound", Dim::Mass, 0.453592),
    ("lb", Dim::Mass, 0.453592),
    ("ton", Dim::Mass, 1000.0),
    ("tonne", Dim::Mass, 1000.0),
    ("acre", Dim::Area, 4046.86),
    ("hectare", Dim::Area, 10000.0),
    ("litre", Dim::Volume, 1.0),
    ("liter", Dim::Volume, 1.0),
    ("gallon", Dim::Volume, 3.78541),
    ("barrel", Dim::Volume, 158.987),
    ("degree", Dim::Temperature, 1.0),
    ("fahrenheit", Dim::Temperature, 1.0),
    ("celsius", Dim::Temperature, 1.0),
    ("centigrade", Dim::Temperature, 1.0),
    ("percent", Dim::Percent, 1.0),
    ("pct", Dim::Percent, 1.0),
];

/// Currencies: spelling and the currency it names.
const CURRENCIES: &[(&str, &str)] = &[
    ("dollar", "dollar"),
    ("usd", "dollar"),
    ("buck", "dollar"),
    ("euro", "euro"),
    ("eur", "euro"),
    ("sterling", "pound sterling"),
    ("gbp", "pound sterling"),
    ("yen", "yen"),
    ("rouble", "rouble"),
    ("ruble", "rouble"),
    ("yuan", "yuan"),
    ("franc", "franc"),
    ("crown", "crown"),
    ("krone", "crown"),
    ("kroner", "crown"),
    ("rupee", "rupee"),
];

/// The measured dimensions of [`Dimension`], as a `Copy` type without data for the constant
/// [`UNITS`] table ([`Dimension`] also holds counted nouns, which own a `String`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dim {
    Time,
    Length,
    Speed,
    Mass,
    Area,
    Volume,
    Temperature,
    Percent,
}

impl Dim {
    fn dimension(self) -> Dimension {
        match self {
            Dim::Time => Dimension::Time,
            Dim::Length => Dimension::Length,
            Dim::Speed => Dimension::Speed,
            Dim::Mass => Dimension::Mass,
            Dim::Area => Dimension::Area,
            Dim::Volume => Dimension::Volume,
            Dim::Temperature => Dimension::Temperature,
            Dim::Percent => Dimension::Percent,
        }
    }
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [(&str, f64); 9] = [
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("k", 1e3),
    ("million", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
];

/// Amounts said without a number: (words, low, high).
const VAGUE: [(&[&str], f64, f64); 16] = [
    (&["a", "couple", "of"], 2.0, 3.0),
    (&["a", "couple"], 2.0, 3.0),
    (&["a", "few"], 2.0, 5.0),
    (&["a", "handful", "of"], 2.0, 6.0),
    (&["several"], 3.0, 9.0),
    (&["few"], 2.0, 5.0),
    (&["couple"], 2.0, 3.0),
    (&["dozens", "of"], 24.0, 144.0),
    (&["dozens"], 24.0, 144.0),
    (&["scores", "of"], 40.0, 200.0),
    (&["hundreds", "of"], 200.0, 1000.0),
    (&["hundreds"], 200.0, 1000.0),
    (&["thousands", "of"], 2000.0, 10000.0),
    (&["thousands"], 2000.0, 10000.0),
    (&["millions", "of"], 2e6, 1e9),
    (&["millions"], 2e6, 1e9),
];

/// Exact amounts said as a word ("a dozen", "single").
const WORD_AMOUNTS: [(&[&str], f64); 8] = [
    (&["a", "dozen"], 12.0),
    (&["dozen"], 12.0),
    (&["half", "a"], 0.5),
    (&["half", "an"], 0.5),
    (&["single"], 1.0),
    (&["one", "off"], 1.0),
    (&["a", "pair", "of"], 2.0),
    (&["both"], 2.0),
];

/// Prefixes of an open-ended amount: "multi-year", "multiple", "many".
const MULTI: [&str; 2] = ["multi", "multiple"];

/// Words before a value that bound or hedge it.
const LOWER_BOUNDS: [&[&str]; 6] = [
    &["more", "than"],
    &["over"],
    &["at", "least"],
    &["upwards", "of"],
    &["in", "excess", "of"],
    &["above"],
];
const UPPER_BOUNDS: [&[&str]; 9] = [
    &["as", "much", "as"],
    &["as", "many", "as"],
    &["no", "more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["under"],
    &["up", "to"],
    &["at", "most"],
    &["below"],
];
const HEDGES: [&[&str]; 8] = [
    &["about"],
    &["around"],
    &["roughly"],
    &["approximately"],
    &["nearly"],
    &["almost"],
    &["some"],
    &["close", "to"],
];
/// Words joining the two ends of a range.
const RANGE_JOINERS: [&str; 4] = ["to", "and", "or", "through"];

/// A word of the text: normalised, with its byte range, and whether a hyphen joins it to the next.
#[derive(Debug, Clone)]
struct Piece {
    /// Lowercased word; digits keep their decimal point ("34.5") and lose grouping commas.
    text: String,
    span: Range<usize>,
    /// A number in digits.
    number: Option<f64>,
    /// Symbol attached: "$30", "30%".
    currency: Option<&'static str>,
    percent: bool,
    /// Followed by a hyphen or dash without spaces ("two-day", "3-4").
    hyphen: bool,
    /// Followed by punctuation that ends a phrase (a comma, a full stop, a colon...).
    brk: bool,
    /// A number followed by a degree sign ("19°F", "-7 °C").
    degree: bool,
}

fn pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out: Vec<Piece> = Vec::new();
    let mut i = 0;
    let mut currency: Option<&'static str> = None;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_alphanumeric() {
            let mut j = i;
            let digits = c.is_ascii_digit();
            let mut s = String::new();
            while j < chars.len() {
                let (_, d) = chars[j];
                if d.is_alphanumeric() || d == '\'' || d == '\u{2019}' {
                    s.push(d);
                    j += 1;
                } else if digits
                    && (d == '.' || d == ',')
                    && j + 1 < chars.len()
                    && chars[j + 1].1.is_ascii_digit()
                    && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                {
                    // "34.5", "1,200": a separator between digits. A comma groups thousands only
                    // when exactly three digits follow.
                    if d == ',' {
                        let run = chars[j + 1..]
                            .iter()
                            .take_while(|(_, x)| x.is_ascii_digit())
                            .count();
                        if run != 3 {
                            break;
                        }
                    } else {
                        s.push('.');
                    }
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map(|x| x.0).unwrap_or(text.len());
            let lower = if digits {
                s.to_lowercase()
            } else {
                normalize(&s).trim().to_string()
            };
            let (mut number, percent_suffix) = parse_digits(&lower);
            // A minus sign right before the digits, not joining two words ("-7", "(-7"; not
            // "3-4" or "F-16").
            let minus = |k: usize| {
                chars
                    .get(k)
                    .is_some_and(|(_, d)| matches!(d, '-' | '\u{2212}'))
            };
            if digits && i > 0 && minus(i - 1) && (i < 2 || !chars[i - 2].1.is_alphanumeric()) {
                number = number.map(|v| -v);
            }
            let hyphen = chars
                .get(j)
                .is_some_and(|(_, d)| matches!(d, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}'))
                && chars.get(j + 1).is_some_and(|(_, d)| d.is_alphanumeric());
            out.push(Piece {
                brk: false,
                degree: false,
                text: lower,
                span: start..end,
                number,
                currency: if number.is_some() {
                    currency.take()
                } else {
                    None
                },
                percent: percent_suffix,
                hyphen,
            });
            currency = None;
            i = j;
            continue;
        }
        match c {
            '$' => currency = Some("dollar"),
            '\u{20AC}' => currency = Some("euro"),
            '\u{A3}' => currency = Some("pound sterling"),
            '%' => {
                if let Some(p) = out.last_mut() {
                    if p.number.is_some() && p.span.end == start {
                        p.percent = true;
                    }
                }
            }
            '\u{B0}' => {
                if let Some(p) = out.last_mut() {
                    if p.number.is_some() {
                        p.degree = true;
                    }
                }
            }
            c if c.is_whitespace() => {}
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\'' | '\u{2019}' => currency = None,
            _ => {
                currency = None;
                if let Some(p) = out.last_mut() {
                    p.brk = true;
                }
            }
        }
        i += 1;
    }
    out
}

/// "614" -> 614; "34.5" -> 34.5; "30s" -> none; "2bn" -> 2e9; "5km" and the like are split by
/// the caller's unit lookup (returns the number and leaves the unit to the next piece).
fn parse_digits(s: &str) -> (Option<f64>, bool) {
    if s.is_empty() || !s.as_bytes()[0].is_ascii_digit() {
        return (None, false);
    }
    let num_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, rest) = s.split_at(num_end);
    let Ok(v) = num.parse::<f64>() else {
        return (None, false);
    };
    match rest {
        "" => (Some(v), false),
        "k" => (Some(v * 1e3), false),
        "m" | "mn" | "mln" => (Some(v * 1e6), false),
        "bn" | "b" => (Some(v * 1e9), false),
        // "8pm": the hour, read as a time of day by `clock_at`.
        "am" | "pm" => (Some(v), false),
        // "1st", "2nd": ordinals, not amounts.
        _ => (None, false),
    }
}

fn word_value(w: &str) -> Option<f64> {
    ONES.iter()
        .position(|x| *x == w)
        .map(|i| i as f64)
        .or_else(|| {
            TENS.iter()
                .position(|x| *x == w)
                .map(|i| (i as f64 + 2.0) * 10.0)
        })
}

fn scale_of(w: &str) -> Option<f64> {
    SCALES.iter().find(|(s, _)| *s == w).map(|(_, f)| *f)
}

/// The unit a word names, if it names one: a measure or a currency.
fn unit_of(word: &str) -> Option<(Unit, f64)> {
    let w = word.trim_matches('\'');
    let mut forms = vec![w.to_string()];
    if w == "feet" {
        forms.push("foot".into());
    }
    if let Some(s) = w.strip_suffix("ies") {
        forms.push(format!("{s}y"));
    }
    if let Some(s) = w.strip_suffix("es") {
        forms.push(s.to_string());
    }
    if let Some(s) = w.strip_suffix('s').filter(|s| s.len() >= 2) {
        forms.push(s.to_string());
    }
    for cand in &forms {
        if let Some((_, d, f)) = UNITS.iter().find(|(n, _, _)| n == cand) {
            let unit = Unit {
                name: w.to_string(),
                dimension: d.dimension(),
            };
            return Some((unit, *f));
        }
        if let Some((_, c)) = CURRENCIES.iter().find(|(n, _)| n == cand) {
            let unit = Unit {
                name: w.to_string(),
                dimension: Dimension::Money(c),
            };
            return Some((unit, 1.0));
        }
    }
    None
}

/// Words that cannot be the counted noun after a number: function words, months (a date), and
/// words that start a new phrase.
fn countable(w: &str) -> bool {
    const NOT: [&str; 40] = [
        "a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "by", "for", "with", "from",
        "is", "are", "was", "were", "be", "has", "have", "had", "will", "would", "that", "this",
        "it", "as", "per", "than", "but", "not", "so", "said", "says", "out", "more", "less",
        "times", "percent",
    ];
    !w.is_empty()
        && w.bytes().all(|b| b.is_ascii_alphabetic())
        && !NOT.contains(&w)
        && !is_month(w)
        && word_value(w).is_none()
        && scale_of(w).is_none()
}

fn is_month(w: &str) -> bool {
    MONTHS.contains(&w)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn is_year(p: &Piece) -> bool {
    p.number
        .is_some_and(|v| v.fract() == 0.0 && (1900.0..=2100.0).contains(&v))
        && p.text.len() == 4
}

/// Words before a year that make it one even when a noun follows ("in 2018 Veltrix changed",
/// "by mid-2026").
const YEAR_BEFORE: [&str; 14] = [
    "in", "since", "by", "until", "till", "before", "after", "from", "during", "of", "early",
    "late", "mid", "through",
];

/// A value read at position `i`: (low, high, approx, next index).
fn value_at(p: &[Piece], i: usize) -> Option<(f64, f64, bool, usize)> {
    let t = |k: usize| p.get(k).map(|x| x.text.as_str()).unwrap_or("");
    let matches =
        |k: usize, phrase: &[&str]| phrase.iter().enumerate().all(|(n, w)| t(k + n) == *w);
    for (phrase, lo, hi) in VAGUE {
        if matches(i, phrase) {
            return Some((lo, hi, true, i + phrase.len()));
        }
    }
    if MULTI.contains(&t(i)) {
        return Some((2.0, f64::INFINITY, true, i + 1));
    }
    // "minus 7": the value below zero.
    if t(i) == "minus" && !p[i].brk {
        let (low, high, vague, end) = value_at(p, i + 1)?;
        return Some((-high, -low, vague, end));
    }
    // Word amounts, digits, or number words ("twenty three", "one hundred and five"), then
    // scales ("half a billion").
    let mut j = i;
    let mut value: Option<f64> = None;
    if let Some((phrase, v)) = WORD_AMOUNTS.iter().find(|(phrase, _)| matches(i, phrase)) {
        value = Some(*v);
        j = i + phrase.len();
    } else if let Some(v) = p.get(i).and_then(|x| x.number) {
        value = Some(v);
        j = i + 1;
    } else {
        let mut total = 0.0;
        let mut current = 0.0;
        let mut any = false;
        while let Some(w) = p.get(j).map(|x| x.text.as_str()) {
            if let Some(v) = word_value(w) {
                current += v;
                any = true;
                j += 1;
            } else if w == "hundred" && any {
                current *= 100.0;
                j += 1;
            } else if w == "and"
                && any
                && p.get(j + 1).is_some_and(|x| word_value(&x.text).is_some())
                && current >= 100.0
            {
                j += 1;
            } else if let Some(s) = scale_of(w).filter(|_| any && w != "k" && w != "hundred") {
                total += current * s;
                current = 0.0;
                j += 1;
            } else {
                break;
            }
        }
        if any {
            value = Some(total + current);
        }
    }
    let mut v = value?;
    // Scale words after digits ("34 million", "1.5 bn").
    while let Some(s) = p.get(j).and_then(|x| scale_of(&x.text)) {
        if p[j - 1].brk {
            break;
        }
        v *= s;
        j += 1;
    }
    Some((v, v, false, j))
}

/// Every quantity in a text, in order.
pub fn quantities(text: &str) -> Vec<Quantity> {
    let p = pieces(text);
    let t = |k: usize| p.get(k).map(|x| x.text.as_str()).unwrap_or("");
    let starts = |k: usize, phrase: &[&str]| phrase.iter().enumerate().all(|(n, w)| t(k + n) == *w);
    let mut out = Vec::new();
    // The piece right after the last amount read.
    let mut out_end: Option<usize> = None;
    let mut i = 0;
    while i < p.len() {
        // An ISO date ("2024-05-30") is a date, not three amounts.
        if p[i].number.is_some()
            && p[i].hyphen
            && p.get(i + 1).is_some_and(|x| x.number.is_some() && x.hyphen)
            && p.get(i + 2).is_some_and(|x| x.number.is_some())
        {
            i += 3;
            continue;
        }
        // A model number ("F-16") is a name; "mid-2026" is a year.
        if p[i].number.is_some()
            && i > 0
            && p[i - 1].hyphen
            && p[i - 1].number.is_none()
            && !YEAR_BEFORE.contains(&p[i - 1].text.as_str())
        {
            i += 1;
            continue;
        }
        let start = i;
        // Bounds and hedges before the value: "more than", "up to", "about".
        let (mut lower, mut upper, mut approx) = (false, false, false);
        let mut k = i;
        'modifiers: loop {
            for (list, which) in [
                (&LOWER_BOUNDS[..], 0u8),
                (&UPPER_BOUNDS[..], 1),
                (&HEDGES[..], 2),
            ] {
                if let Some(ph) = list.iter().find(|ph| starts(k, ph)) {
                    match which {
                        0 => lower = true,
                        1 => upper = true,
                        _ => approx = true,
                    }
                    k += ph.len();
                    continue 'modifiers;
                }
            }
            break;
        }
        let between = t(k) == "between";
        if between {
            k += 1;
        }
        let Some(first) = read_value(&p, k) else {
            i += 1;
            continue;
        };
        // "40 billion euros a year": a rate, not a second amount.
        if first.article && out_end == Some(k) {
            i = k + 2;
            continue;
        }
        let Value {
            low,
            high,
            vague,
            end: mut j,
            ..
        } = first;
        approx |= vague;
        let digits = p[k].number.is_some();
        // "6 a.m.", "8pm", "6:30 p.m.": a time of day.
        if let Some((minutes, end)) = clock_at(&p, k) {
            let unit = Unit {
                name: "clock".into(),
                dimension: Dimension::Clock,
            };
            out.push(make(
                text,
                &p,
                start,
                end,
                (minutes, minutes),
                approx,
                Some(unit),
            ));
            out_end = Some(end);
            i = end.max(i + 1);
            continue;
        }
        let mut unit = unit_at(&p, j, first.article);
        if unit.is_some() {
            j += 1;
        }
        let (mut low, mut high) = (low, high);
        // A range: "three to four hours", "30 minutes to an hour", "3-4 days", "between 10 and 12".
        let hyphen_range = unit.is_none() && p[j - 1].hyphen;
        let word_range = !p[j - 1].brk
            && RANGE_JOINERS.contains(&t(j))
            && (t(j) != "and" || between)
            && (t(j) != "or" || unit.is_none());
        let mut ranged = false;
        if hyphen_range || word_range {
            let next = if hyphen_range { j } else { j + 1 };
            if let Some(second) = read_value(&p, next).filter(|v| v.exact_number(&p, next)) {
                let unit2 = unit_at(&p, second.end, second.article);
                let same_measure = match (&unit, &unit2) {
                    (Some(a), Some(b)) => a.0.dimension == b.0.dimension,
                    _ => true,
                };
                if same_measure {
                    let f1 = unit.as_ref().or(unit2.as_ref()).map_or(1.0, |u| u.1);
                    let f2 = unit2.as_ref().or(unit.as_ref()).map_or(1.0, |u| u.1);
                    low *= f1;
                    high = second.high * f2;
                    approx |= second.vague;
                    j = second.end + usize::from(unit2.is_some());
                    if unit.is_none() {
                        unit = unit2;
                    }
                    ranged = true;
                }
            }
        }
        if !ranged {
            let factor = unit.as_ref().map_or(1.0, |u| u.1);
            low *= factor;
            high *= factor;
        }
        if lower {
            high = f64::INFINITY;
        }
        if upper {
            low = 0.0;
        }
        let mut unit = unit.map(|u| u.0);
        // "19°F", "19 degrees Fahrenheit", "7 Celsius": a temperature and its scale.
        let degree_sign = p[j - 1].degree;
        if degree_sign
            || unit
                .as_ref()
                .is_some_and(|u| u.dimension == Dimension::Temperature)
        {
            let named = scale_named(t(j - 1));
            let next = (!p[j - 1].brk || degree_sign)
                .then(|| scale_named(t(j)))
                .flatten();
            if named.is_none() && next.is_some() {
                j += 1;
            }
            unit = Some(temperature(named.or(next)));
        }
        // "55 miles per hour", "30 km an hour": a speed.
        if let Some(u) = unit.as_mut().filter(|u| u.dimension == Dimension::Length) {
            let name = format!("{} {} {}", u.name, t(j), t(j + 1));
            if !p[j - 1].brk && p.get(j).is_some_and(|x| !x.brk) {
                if let Some((_, time)) = speed_parts(&name) {
                    low /= time;
                    high /= time;
                    *u = Unit {
                        name,
                        dimension: Dimension::Speed,
                    };
                    j += 2;
                }
            }
        }
        if unit.is_none() {
            if let Some(c) = p[k].currency {
                unit = Some(Unit {
                    name: c.to_string(),
                    dimension: Dimension::Money(c),
                });
            } else if p[j - 1].percent || starts(j, &["percent"]) || starts(j, &["per", "cent"]) {
                if !p[j - 1].percent {
                    j += if t(j) == "per" { 2 } else { 1 };
                }
                unit = Some(Unit {
                    name: "percent".into(),
                    dimension: Dimension::Percent,
                });
            } else if digits
                && j == k + 1
                && is_year(&p[k])
                && (!countable_after(&p, j) || k > 0 && YEAR_BEFORE.contains(&t(k - 1)))
            {
                unit = Some(Unit {
                    name: "year".into(),
                    dimension: Dimension::Year,
                });
            } else if let Some(n) = counted_at(&p, j) {
                // "614 flights", "34 million people", "two countries", "two further fines".
                let w = t(n).to_string();
                unit = Some(Unit {
                    dimension: Dimension::Count(stem(&w)),
                    name: w,
                });
                j = n + 1;
            }
        }
        // A number word with nothing counted ("one of them", "the two") is not an amount; nor is
        // a day of the month ("30 May", "May 30").
        let date = unit.is_none() && (is_month(t(j)) || k > 0 && is_month(t(k - 1)));
        if unit.is_none() && !digits || date {
            i = k + 1;
            continue;
        }
        out.push(make(text, &p, start, j, (low, high), approx, unit));
        out_end = Some(j);
        i = j.max(i + 1);
    }
    out
}

/// A value read from the pieces.
#[derive(Debug, Clone, Copy)]
struct Value {
    low: f64,
    high: f64,
    vague: bool,
    /// Index of the first piece after it.
    end: usize,
    /// It is "a" or "an" before a unit ("a foot").
    article: bool,
}

impl Value {
    /// Whether it was said as a number (digits or number words, "an" before a unit), the only
    /// kind that can end a range.
    fn exact_number(&self, p: &[Piece], at: usize) -> bool {
        !self.vague
            && (self.article
                || p.get(at)
                    .is_some_and(|x| x.number.is_some() || word_value(&x.text).is_some()))
    }
}

/// The value at piece `k`: "a"/"an" before a unit, a vague or word amount, digits or number
/// words with their scale.
fn read_value(p: &[Piece], k: usize) -> Option<Value> {
    let t = |k: usize| p.get(k).map(|x| x.text.as_str()).unwrap_or("");
    if matches!(t(k), "a" | "an") && unit_of(t(k + 1)).is_some() && !p[k].brk {
        return Some(Value {
            low: 1.0,
            high: 1.0,
            vague: false,
            end: k + 1,
            article: true,
        });
    }
    value_at(p, k).map(|(low, high, vague, end)| Value {
        low,
        high,
        vague,
        end,
        article: false,
    })
}

/// The unit at piece `j`, if the value before it is followed by one: a measure or a currency.
/// "second" follows only a number (it is an ordinal as often as a unit).
fn unit_at(p: &[Piece], j: usize, after_article: bool) -> Option<(Unit, f64)> {
    let w = p.get(j)?;
    if j > 0 && p[j - 1].brk {
        return None;
    }
    if w.text == "second" && after_article {
        return None;
    }
    unit_of(&w.text)
}

/// A time of day at piece `k`: (minutes after midnight, the piece after it). An hour from 1 to
/// 12, minutes after a colon, then "a.m."/"am" or "p.m."/"pm" (also joined: "8pm").
fn clock_at(p: &[Piece], k: usize) -> Option<(f64, usize)> {
    let t = |i: usize| p.get(i).map(|x| x.text.as_str()).unwrap_or("");
    let hour = p
        .get(k)?
        .number
        .filter(|h| h.fract() == 0.0 && (1.0..=12.0).contains(h))?;
    let mut j = k + 1;
    let mut minutes = 0.0;
    let joined = p[k].text.trim_start_matches(|c: char| c.is_ascii_digit());
    let pm = if matches!(joined, "am" | "pm") {
        joined == "pm"
    } else {
        // "6:30": the colon ends the hour's piece, the minutes follow.
        if p[k].brk {
            if let Some(m) = p.get(j).and_then(|x| x.number) {
                if t(j).len() == 2 && m < 60.0 && one_mark_between(p, k) {
                    minutes = m;
                    j += 1;
                }
            }
        }
        let (pm, words) = match (t(j), t(j + 1)) {
            ("am", _) => (false, 1),
            ("pm", _) => (true, 1),
            ("a", "m") => (false, 2),
            ("p", "m") => (true, 2),
            _ => return None,
        };
        j += words;
        pm
    };
    let h = hour % 12.0 + if pm { 12.0 } else { 0.0 };
    Some((h * 60.0 + minutes, j))
}

/// Whether a single character stands between pieces `k` and `k + 1`: the colon of "6:30" (the
/// pieces do not keep which mark it was).
fn one_mark_between(p: &[Piece], k: usize) -> bool {
    p.get(k + 1)
        .is_some_and(|n| n.span.start == p[k].span.end + 1)
}

/// Where the counted noun after an amount is: at `j`, or after words that only say which ones
/// ("two further fines", "three other countries").
fn counted_at(p: &[Piece], j: usize) -> Option<usize> {
    const WHICH: [&str; 7] = [
        "further",
        "other",
        "more",
        "additional",
        "extra",
        "separate",
        "new",
    ];
    let mut n = j;
    while p
        .get(n)
        .is_some_and(|x| WHICH.contains(&x.text.as_str()) && !x.brk)
    {
        n += 1;
    }
    countable_after(p, n).then_some(n)
}

fn countable_after(p: &[Piece], j: usize) -> bool {
    j > 0 && !p[j - 1].brk && !p[j - 1].percent && p.get(j).is_some_and(|x| countable(&x.text))
}

fn make(
    text: &str,
    p: &[Piece],
    from: usize,
    to: usize,
    (low, high): (f64, f64),
    approx: bool,
    unit: Option<Unit>,
) -> Quantity {
    let to = to.clamp(from + 1, p.len());
    let span = p[from].span.start..p[to - 1].span.end;
    Quantity {
        low,
        high,
        approx,
        unit,
        words: words(&normalize(&text[span.clone()])),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Quantity {
        let q = quantities(text);
        assert_eq!(q.len(), 1, "{text:?}: {q:?}");
        q.into_iter().next().unwrap()
    }

    fn agree(a: &str, b: &str) -> Agreement {
        one(a).compare(&one(b))
    }

    #[test]
    fn digits_with_units_compare_by_value() {
        assert_eq!(
            agree("winds of 30 mph", "winds of 23 mph"),
            Agreement::Conflict
        );
        assert_eq!(
            agree("winds of 30 mph", "gusts reached 30 mph"),
            Agreement::Same
        );
        assert_eq!(agree("614 flights", "416 flights"), Agreement::Conflict);
        assert_eq!(
            agree("34 million people", "43 million people"),
            Agreement::Conflict
        );
        assert_eq!(
            agree("34 million people", "34,000,000 people"),
            Agreement::Same
        );
    }

    #[test]
    fn ranges_in_words_and_mixed_units() {
        let q = one("delays of three to four hours");
        assert_eq!((q.low, q.high), (3.0 * 3600.0, 4.0 * 3600.0));
        let r = one("waits of 30 minutes to an hour");
        assert_eq!((r.low, r.high), (1800.0, 3600.0));
        assert_eq!(q.compare(&r), Agreement::Conflict);
        assert_eq!(
            agree("a 3-4 hour wait", "three to four hours"),
            Agreement::Same
        );
        assert_eq!(
            agree("between 10 and 12 days", "11 days"),
            Agreement::Compatible
        );
    }

    #[test]
    fn words_articles_and_vague_amounts() {
        let foot = one("a foot of snow");
        assert!((foot.low - 0.3048).abs() < 1e-9, "{foot:?}");
        assert_eq!(
            agree("a foot of snow", "12 inches of snow"),
            Agreement::Same
        );
        assert_eq!(agree("twenty-three miles", "23 miles"), Agreement::Same);
        assert_eq!(
            agree("one hundred and five ships", "105 ships"),
            Agreement::Same
        );
        assert_eq!(
            agree("dozens of flights", "40 flights"),
            Agreement::Compatible
        );
        assert_eq!(agree("dozens of flights", "3 flights"), Agreement::Conflict);
        assert_eq!(agree("half an hour", "30 minutes"), Agreement::Same);
    }

    #[test]
    fn adjectival_compounds() {
        assert_eq!(
            agree("a two-day meeting", "it lasts two days"),
            Agreement::Same
        );
        // "over two days" may mean "during": at worst a looser bound, never a conflict.
        assert_ne!(
            agree("runs over two days", "a two-day meeting"),
            Agreement::Conflict
        );
        assert_eq!(
            agree("a one-day meeting", "a two-day meeting"),
            Agreement::Conflict
        );
        assert_eq!(
            agree("a multi-year commitment", "spanning several years"),
            Agreement::Compatible
        );
        assert_eq!(
            agree("a multi-year commitment", "a single-year commitment"),
            Agreement::Conflict
        );
        assert_eq!(agree("a 30-minute delay", "half an hour"), Agreement::Same);
    }

    #[test]
    fn a_claim_more_precise_than_its_article_is_not_covered() {
        let covers = |a: &str, b: &str| one(a).covers(&one(b));
        assert!(covers("dozens of flights", "40 flights"));
        assert!(covers("about 30 flights", "28 flights"));
        assert!(covers("up to 40 mph", "35 mph"));
        assert!(covers("two days", "two-day"));
        assert!(!covers("40 flights", "dozens of flights"));
        assert!(!covers("45 flights", "more than 30 flights"));
        assert!(!covers("11 days", "between 10 and 12 days"));
        assert!(covers("spanning several years", "a multi-year commitment"));
    }

    #[test]
    fn bounds_and_hedges() {
        assert_eq!(
            agree("more than 30 flights", "45 flights"),
            Agreement::Compatible
        );
        assert_eq!(
            agree("more than 30 flights", "20 flights"),
            Agreement::Conflict
        );
        assert_eq!(
            agree("about 30 flights", "28 flights"),
            Agreement::Compatible
        );
        assert_eq!(agree("up to 40 mph", "35 mph"), Agreement::Compatible);
    }

    #[test]
    fn different_measures_are_not_compared() {
        assert_eq!(agree("two days", "614 flights"), Agreement::Incomparable);
        assert_eq!(agree("30 mph", "30 miles"), Agreement::Incomparable);
        assert_eq!(
            agree("$5 billion", "5 billion euros"),
            Agreement::Incomparable
        );
        assert_eq!(agree("$5 billion", "5 billion dollars"), Agreement::Same);
    }

    #[test]
    fn dates_years_and_stray_words() {
        // A day of the month is a date; the year is a year.
        let q = quantities("The article is dated 30 May 2024");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].unit.as_ref().unwrap().dimension, Dimension::Year);
        assert!(quantities("one of the countries said so").is_empty());
        assert!(quantities("the second round").is_empty());
        assert!(quantities("no numbers here at all").is_empty());
    }

    #[test]
    fn words_are_those_the_reader_sees() {
        let q = one("It took 34.5 million dollars.");
        assert_eq!(q.low, 34.5e6);
        assert_eq!(q.words, ["34", "5", "million", "dollars"]);
        assert_eq!(q.display(), "34.5 million dollars");
        assert_eq!(
            one("a fine of 2,400,000,000 euros").display(),
            "2.4 billion euros"
        );
        assert_eq!(one("1,234,567 people").display(), "1234567 people");
        let r = one("three to four hours");
        assert_eq!(r.display(), "3 to 4 hours");
    }

    #[test]
    fn names_and_iso_dates_are_not_amounts() {
        assert!(quantities("date 2024-05-30").is_empty());
        assert!(quantities("The US sent F-16 jets").is_empty());
        let q = quantities("a one-off, single-year commitment");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].unit.as_ref().unwrap().dimension, Dimension::Time);
        let q = quantities("a one-off payment");
        assert_eq!(q[0].unit.as_ref().unwrap().name, "payment");
    }

    #[test]
    fn a_rate_is_not_a_second_amount() {
        let q = quantities("40 billion euros a year");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].low, 40e9);
    }

    #[test]
    fn temperatures_compare_across_scales() {
        let f = one("It fell to 19°F shortly after noon");
        assert_eq!(f.display(), "19 degrees Fahrenheit");
        assert_eq!(
            agree("19 degrees Celsius", "19 degrees Fahrenheit"),
            Agreement::Conflict
        );
        assert_eq!(agree("around -7°C", "19 degrees F"), Agreement::Same);
        assert_eq!(agree("around 0°C", "19 degrees F"), Agreement::Conflict);
        assert_eq!(agree("minus 7 Celsius", "19°F"), Agreement::Same);
        // No scale named: compared as written.
        assert_eq!(agree("19 degrees", "19°F"), Agreement::Same);
        let q = quantities("19 degrees Fahrenheit (minus 7 Celsius)");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[1].low, -7.0);
    }

    #[test]
    fn speeds_written_as_a_length_per_time() {
        let q = one("gusts of between 45 and 55 miles per hour");
        assert_eq!(q.unit.as_ref().unwrap().dimension, Dimension::Speed);
        assert_eq!(q.display(), "45 to 55 miles per hour");
        assert_eq!(
            agree("gusts of 45 to 55 mph", "between 45 and 55 miles per hour"),
            Agreement::Same
        );
        assert_eq!(agree("80 km an hour", "80 kph"), Agreement::Same);
        assert_eq!(agree("30 miles per hour", "30 mph"), Agreement::Same);
    }

    #[test]
    fn years_read_as_years_and_show_as_years() {
        for text in [
            "In 2018 Veltrix changed its results",
            "by mid-2026",
            "since 2019",
        ] {
            let q = one(text);
            assert_eq!(
                q.unit.as_ref().unwrap().dimension,
                Dimension::Year,
                "{text}"
            );
        }
        assert_eq!(one("in 2021").display(), "2021");
        assert_eq!(one("12 inches of snow").display(), "12 inches");
        assert_eq!(one("two feet of snow").display(), "2 feet");
    }

    #[test]
    fn scales_after_word_amounts_and_words_saying_which() {
        let q = one("more than half a billion euros");
        assert_eq!(q.low, 0.5e9);
        assert_eq!(
            agree("two further Commission fines", "two other Commission fines"),
            Agreement::Same
        );
        assert_eq!(one("two further fines").unit.unwrap().name, "fines");
    }

    #[test]
    fn times_of_day() {
        let q = one("a state of emergency at 6 a.m. on Tuesday");
        assert_eq!(q.unit.as_ref().unwrap().dimension, Dimension::Clock);
        assert_eq!(q.display(), "6 a.m.");
        assert_eq!(agree("at 6 p.m.", "at 6 a.m."), Agreement::Conflict);
        assert_eq!(agree("from 8pm", "from 8 p.m."), Agreement::Same);
        assert_eq!(one("at 6:30 pm").display(), "6:30 p.m.");
        assert_eq!(agree("12 pm", "12 am"), Agreement::Conflict);
    }

    #[test]
    fn as_much_as_is_an_upper_bound() {
        assert_eq!(
            agree("as much as 12 inches of snow", "up to a foot of snow"),
            Agreement::Same
        );
        assert_eq!(
            agree("as many as 40 flights", "35 flights"),
            Agreement::Compatible
        );
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "",
            "-",
            "$",
            "%",
            "1-",
            "-1",
            "1,",
            "1.",
            "a an the",
            "🦀 3",
            "3 🦀",
            "1e999999",
            "°",
            "3°",
            "-°F",
            "minus",
            "minus minus 3",
            "3 miles per",
            "3 miles per hour per",
            "between -3 and",
            "half a",
            "1°C to",
            "6 a",
            "6:",
            "6:30",
            "13 pm",
            "0 am",
            "12:99 pm",
        ] {
            let _ = quantities(s);
        }
    }
}
