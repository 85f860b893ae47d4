extension Duration {
    /// Units a config may write, longest name first so that `ms` is tried before `m` and `s`.
    private static let configUnits: [(name: String, attoseconds: Int128)] = [
        ("ns", 1_000_000_000),
        ("us", 1_000_000_000_000),
        ("ms", 1_000_000_000_000_000),
        ("s", 1_000_000_000_000_000_000),
        ("m", 60_000_000_000_000_000_000),
        ("h", 3_600_000_000_000_000_000_000),
    ]

    /// Reads a duration as configs write it: a non-negative decimal number and a unit, nothing else.
    ///
    /// Units are `ns`, `us`, `ms`, `s`, `m` (minutes) and `h`: `"250ms"`, `"60s"`, `"1.5s"`, `"2m"`, `"1h"`,
    /// `"500us"`. The number is digits with an optional fraction (`"0.5s"`, not `".5s"` or `"1.s"`); signs,
    /// exponents, spaces, a missing unit and an empty text are refused (nil). The value is exact to the attosecond;
    /// integral parts are limited to 15 digits.
    public init?(parsing text: String) {
        let utf8 = Array(text.utf8)
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        var index = 0
        while index < utf8.count, isDigit(utf8[index]) { index += 1 }
        let integerDigits = utf8[0..<index]
        guard !integerDigits.isEmpty, integerDigits.count <= 15 else { return nil }
        var fractionDigits: ArraySlice<UInt8> = []
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < utf8.count, isDigit(utf8[index]) { index += 1 }
            fractionDigits = utf8[start..<index]
            guard !fractionDigits.isEmpty else { return nil }
        }
        let unitName = String(decoding: utf8[index...], as: UTF8.self)
        guard let unit = Self.configUnits.first(where: { $0.name == unitName })?.attoseconds else { return nil }
        var total = Int128(0)
        for digit in integerDigits { total = total * 10 + Int128(digit - UInt8(ascii: "0")) }
        total *= unit
        var scale = unit
        for digit in fractionDigits {
            scale /= 10
            if scale == 0 { break }
            total += Int128(digit - UInt8(ascii: "0")) * scale
        }
        self.init(attoseconds: total)
    }

    /// The duration as a config would write it, read back to the same value by `init(parsing:)`.
    ///
    /// Whole hours and whole minutes are written in `h` and `m` (`"1h"`, `"2m"`); otherwise the largest of `s`,
    /// `ms`, `us`, `ns` that is not above the value, with a fraction only when needed (`"10s"`, `"1.5s"`,
    /// `"250ms"`, `"500us"`). Zero is `"0s"`; a negative duration, which configs never hold, gets a leading `-`.
    public var configText: String {
        let attoseconds = self.attoseconds
        if attoseconds == 0 { return "0s" }
        if attoseconds < 0 { return "-" + (Duration.zero - self).configText }
        let (_, hour) = Self.configUnits[5]
        let (_, minute) = Self.configUnits[4]
        if attoseconds % hour == 0 { return "\(attoseconds / hour)h" }
        if attoseconds % minute == 0 { return "\(attoseconds / minute)m" }
        let (name, unit) = Self.configUnits[0...3].last { $0.attoseconds <= attoseconds } ?? Self.configUnits[0]
        var text = String(attoseconds / unit)
        var remainder = attoseconds % unit
        if remainder != 0 {
            var fraction = ""
            var scale = unit
            while remainder != 0, scale > 1 {
                scale /= 10
                fraction += String(remainder / scale)
                remainder %= scale
            }
            text += "." + fraction
        }
        return text + name
    }

    /// The duration in seconds as a `Double`, for rates and arithmetic where nanosecond exactness does not matter.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
