import Foundation

/// Inline SVG charts for report.html: no script, no font or file from elsewhere. Every chart is a `<figure>` with
/// `data-chart` (its name) and `data-points` (how many points it plots), which the rendering test checks.
enum SVGChart {
    /// One line of a chart; a nil y breaks the line (an interval without requests).
    struct Line {
        var name: String
        var points: [(x: Double, y: Double?)]
    }

    /// Colours of the lines, in order (distinct in print as dash patterns too).
    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    static let dashes = ["", "6 3", "2 2", "8 2 2 2", "4 4", "1 3"]

    static let width = 640.0
    static let height = 260.0
    static let left = 56.0, right = 12.0, top = 12.0, bottom = 40.0

    /// A line chart; `xTicks` replaces the x axis' numbers (the percentile spectrum's log axis).
    static func lines(
        id: String, title: String, xLabel: String, yLabel: String, lines: [Line],
        xTicks: [(Double, String)]? = nil
    ) -> String {
        let all = lines.flatMap { $0.points.compactMap { point in point.y.map { (point.x, $0) } } }
        let count = all.count
        guard count > 0 else { return empty(id: id, title: title) }
        // One x value (a run shorter than one metric period) would make an empty domain: centre it instead.
        let lowest = all.map(\.0).min()!, highest = all.map(\.0).max()!
        let (xMin, xMax) = highest - lowest < 1e-9 ? (lowest - 1, highest + 1) : (lowest, highest)
        let yMax = niceCeiling(Swift.max(all.map(\.1).max()!, 1e-9))
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * (width - left - right) }
        func py(_ y: Double) -> Double { height - bottom - y / yMax * (height - top - bottom) }
        var svg = frame(id: id, title: title, points: count)
        svg += axes(xLabel: xLabel, yLabel: yLabel)
        for step in 0...4 {
            let value = yMax * Double(step) / 4
            svg += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(py(value)))\" "
                + "y2=\"\(f(py(value)))\"/><text x=\"\(f(left - 4))\" y=\"\(f(py(value) + 4))\" "
                + "text-anchor=\"end\">\(label(value))</text>"
        }
        let ticks = xTicks ?? (0...4).map { step in
            let value = xMin + (xMax - xMin) * Double(step) / 4
            return (value, label(value))
        }
        for (value, text) in ticks where value >= xMin - 1e-9 && value <= xMax + 1e-9 {
            svg += "<text x=\"\(f(px(value)))\" y=\"\(f(height - bottom + 14))\" text-anchor=\"middle\">"
                + "\(escape(text))</text>"
        }
        for (index, line) in lines.enumerated() {
            var path = ""
            var pen = false
            for point in line.points {
                guard let y = point.y else {
                    pen = false
                    continue
                }
                path += (pen ? "L" : "M") + "\(f(px(point.x))),\(f(py(y)))"
                pen = true
            }
            let colour = colours[index % colours.count]
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\" "
                + "stroke-dasharray=\"\(dashes[index % dashes.count])\"><title>\(escape(line.name))</title></path>"
            // Few points (a balancer's minutes) are marked, so that one alone is still seen.
            if line.points.count <= 40 {
                for point in line.points {
                    guard let y = point.y else { continue }
                    svg += "<circle cx=\"\(f(px(point.x)))\" cy=\"\(f(py(y)))\" r=\"3\" fill=\"\(colour)\"/>"
                }
            }
        }
        return svg + "</svg>" + legend(lines.map(\.name)) + "</figure>"
    }

    /// A bar chart of named values, one group per series.
    static func bars(id: String, title: String, yLabel: String, groups: [(name: String, bars: [(String, Double)])])
        -> String
    {
        let values = groups.flatMap { $0.bars.map(\.1) }
        guard !values.isEmpty else { return empty(id: id, title: title) }
        let yMax = niceCeiling(Swift.max(values.max()!, 1e-9))
        let slot = (width - left - right) / Double(values.count + groups.count - 1)
        func py(_ y: Double) -> Double { height - bottom - y / yMax * (height - top - bottom) }
        var svg = frame(id: id, title: title, points: values.count) + axes(xLabel: "", yLabel: yLabel)
        var x = left
        for (index, group) in groups.enumerated() {
            for (name, value) in group.bars {
                svg += "<rect x=\"\(f(x + slot * 0.1))\" y=\"\(f(py(value)))\" width=\"\(f(slot * 0.8))\" "
                    + "height=\"\(f(height - bottom - py(value)))\" fill=\"\(colours[index % colours.count])\">"
                    + "<title>\(escape(name)): \(label(value))</title></rect>"
                    + "<text x=\"\(f(x + slot / 2))\" y=\"\(f(height - bottom + 14))\" text-anchor=\"middle\">"
                    + "\(escape(shortName(name)))</text>"
                    + "<text x=\"\(f(x + slot / 2))\" y=\"\(f(py(value) - 3))\" text-anchor=\"middle\">"
                    + "\(label(value))</text>"
                x += slot
            }
            x += slot
        }
        return svg + "</svg>" + legend(groups.map(\.name)) + "</figure>"
    }

    private static func frame(id: String, title: String, points: Int) -> String {
        "<figure data-chart=\"\(id)\" data-points=\"\(points)\"><figcaption>\(escape(title))</figcaption>"
            + "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
    }

    private static func empty(id: String, title: String) -> String {
        "<figure data-chart=\"\(id)\" data-points=\"0\"><figcaption>\(escape(title))</figcaption>"
            + "<p class=\"none\">no data</p></figure>"
    }

    private static func axes(xLabel: String, yLabel: String) -> String {
        "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(height - bottom))\"/>"
            + "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" "
            + "y2=\"\(f(height - bottom))\"/>"
            + "<text x=\"\(f((left + width) / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">"
            + "\(escape(xLabel))</text><text transform=\"translate(12 \(f((top + height - bottom) / 2))) "
            + "rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>"
    }

    private static func legend(_ names: [String]) -> String {
        "<p class=\"legend\">" + names.enumerated().map { index, name in
            "<span style=\"color:\(colours[index % colours.count])\">&#9632; \(escape(name))</span>"
        }.joined(separator: " ") + "</p>"
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, (log10(value)).rounded(.down))
        for step in [1.0, 2, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        if abs(value) >= 100 { return String(format: "%.0f", value) }
        if abs(value) >= 1 { return ThresholdResult.number(value) }
        return String(format: "%.3g", value)
    }

    private static func shortName(_ name: String) -> String {
        name.split(separator: "-").last.map(String.init) ?? name
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text made safe for HTML.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
