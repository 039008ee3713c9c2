//! ISO 4217 currencies: minor units (how many decimals money has) and display symbols.

/// A currency the crate knows: its code, minor unit and symbols per locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    code: &'static str,
    minor_unit: u32,
    /// Symbol in English text, as `Intl.NumberFormat('en')` writes it.
    symbol_en: &'static str,
    /// Symbol in Simplified Chinese text, as `Intl.NumberFormat('zh-CN')` writes it.
    symbol_zh: &'static str,
}

impl Currency {
    /// Looks up an ISO 4217 code (upper case).
    pub fn from_code(code: &str) -> Option<Currency> {
        TABLE.iter().find(|c| c.code == code).copied()
    }

    /// Every code the crate knows, in its table's order (for the policy schema's enum).
    #[cfg(test)]
    pub(crate) fn codes() -> impl Iterator<Item = &'static str> {
        TABLE.iter().map(|c| c.code)
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Decimals of the minor unit: JPY 0, CNY 2, KWD 3.
    pub fn minor_unit(&self) -> u32 {
        self.minor_unit
    }

    pub(crate) fn symbol(&self, chinese: bool) -> &'static str {
        if chinese {
            self.symbol_zh
        } else {
            self.symbol_en
        }
    }
}

const fn c(
    code: &'static str,
    minor_unit: u32,
    symbol_en: &'static str,
    symbol_zh: &'static str,
) -> Currency {
    Currency {
        code,
        minor_unit,
        symbol_en,
        symbol_zh,
    }
}

/// The currencies a streaming provider plausibly bills in, with ISO 4217 minor units.
/// Symbols without a well-known sign use the code and a space, as Intl does.
const TABLE: &[Currency] = &[
    c("CNY", 2, "CN¥", "¥"),
    c("USD", 2, "$", "US$"),
    c("EUR", 2, "€", "€"),
    c("GBP", 2, "£", "£"),
    c("HKD", 2, "HK$", "HK$"),
    c("TWD", 2, "NT$", "NT$"),
    c("SGD", 2, "SGD ", "SGD "),
    c("AUD", 2, "A$", "AU$"),
    c("CAD", 2, "CA$", "CA$"),
    c("CHF", 2, "CHF ", "CHF "),
    c("INR", 2, "₹", "₹"),
    c("MYR", 2, "MYR ", "MYR "),
    c("THB", 2, "THB ", "THB "),
    c("PHP", 2, "₱", "PHP "),
    c("IDR", 2, "IDR ", "IDR "),
    c("BRL", 2, "R$", "R$"),
    c("MXN", 2, "MX$", "MX$"),
    c("AED", 2, "AED ", "AED "),
    c("SAR", 2, "SAR ", "SAR "),
    c("RUB", 2, "RUB ", "RUB "),
    c("ZAR", 2, "ZAR ", "ZAR "),
    c("NZD", 2, "NZ$", "NZ$"),
    c("SEK", 2, "SEK ", "SEK "),
    c("NOK", 2, "NOK ", "NOK "),
    c("DKK", 2, "DKK ", "DKK "),
    c("PLN", 2, "PLN ", "PLN "),
    c("TRY", 2, "TRY ", "TRY "),
    c("MOP", 2, "MOP ", "MOP "),
    c("JPY", 0, "¥", "JP¥"),
    c("KRW", 0, "₩", "₩"),
    c("VND", 0, "₫", "₫"),
    c("CLP", 0, "CLP ", "CLP "),
    c("ISK", 0, "ISK ", "ISK "),
    c("BHD", 3, "BHD ", "BHD "),
    c("JOD", 3, "JOD ", "JOD "),
    c("KWD", 3, "KWD ", "KWD "),
    c("OMR", 3, "OMR ", "OMR "),
    c("TND", 3, "TND ", "TND "),
    c("IQD", 3, "IQD ", "IQD "),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_follow_iso_4217() {
        for (code, minor) in [
            ("JPY", 0),
            ("KRW", 0),
            ("VND", 0),
            ("USD", 2),
            ("CNY", 2),
            ("EUR", 2),
        ] {
            assert_eq!(
                Currency::from_code(code).unwrap().minor_unit(),
                minor,
                "{code}"
            );
        }
        for code in ["BHD", "IQD", "JOD", "KWD", "OMR", "TND"] {
            assert_eq!(Currency::from_code(code).unwrap().minor_unit(), 3, "{code}");
        }
        assert_eq!(Currency::from_code("cny"), None);
        assert_eq!(Currency::from_code("XXX"), None);
    }

    #[test]
    fn codes_are_unique() {
        for (i, a) in TABLE.iter().enumerate() {
            assert!(
                TABLE.iter().skip(i + 1).all(|b| b.code != a.code),
                "{}",
                a.code
            );
        }
    }
}
