// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// gnuplot scripts hold every string quoted: a hostile file name is only a name, whether
/// policysim renders the script or the user runs `gnuplot NAME.gp` by hand.
@Suite(.serialized) struct PlotSafetyTests {
    static let box = Scratch("plot")
    static let prepared: Bool = {
        (try? CLI.run(["run", "Scenarios/baseline.yaml", "--out", box.path("base"), "--quiet"]).status) == 0
    }()

    static let hostile = ["p';system('touch PWNED');'.png", "Xi'an.png", "`touch PWNED`.svg", "$(touch PWNED).png", "@cmd.png", "-e.png", "a\"b\\\\c.png"]

    @Test(arguments: hostile)
    func aHostileNameIsOnlyAName(_ name: String) throws {
        #expect(PlotSafetyTests.prepared)
        let box = PlotSafetyTests.box
        let r = try CLI.run(["plot", box.path("base"), "--variable", "gdp", "--out", name], in: box.root)
        #expect(r.status == 0, "\(name): \(r.stderr)")
        let picture = try Data(contentsOf: box.url(name))
        if name.hasSuffix(".png") {
            #expect(Array(picture.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name) is not a PNG")
        } else {
            #expect(String(decoding: picture, as: UTF8.self).contains("<svg"))
        }
        let base = String(name.dropLast(4))
        // The script as written, run by hand with gnuplot, makes the picture again and runs nothing.
        try FileManager.default.removeItem(at: box.url(name))
        let byHand = try CLI.run(["gnuplot", "./" + base + ".gp"], in: box.root, program: "/usr/bin/env")
        #expect(byHand.status == 0, "\(name): \(byHand.stderr)")
        #expect(FileManager.default.fileExists(atPath: box.path(name)))
        #expect(!box.entries.contains { $0.contains("PWNED") && !$0.hasSuffix(".png") && !$0.hasSuffix(".svg") && !$0.hasSuffix(".gp") && !$0.hasSuffix(".dat") }, "\(box.entries)")
        #expect(!FileManager.default.fileExists(atPath: box.path("PWNED")))
        for f in [name, base + ".gp", base + ".dat"] { try? FileManager.default.removeItem(at: box.url(f)) }
    }

    @Test func theScriptQuotesTheNameTheGnuplotWay() throws {
        #expect(PlotSafetyTests.prepared)
        let box = PlotSafetyTests.box
        let r = try CLI.run(["plot", box.path("base"), "--out", "Xi'an.png", "--force"], in: box.root)
        #expect(r.status == 0, "\(r.stderr)")
        let script = try String(contentsOf: box.url("Xi'an.gp"), encoding: .utf8)
        // In a gnuplot single-quoted string a quote is written twice, and nothing else is special.
        #expect(script.contains("set output 'Xi''an.png'\n"))
        #expect(script.contains("'./Xi''an.dat' index 0 using 1:"))
    }

    @Test func aNameWithALineBreakIsRefused() throws {
        #expect(PlotSafetyTests.prepared)
        let r = try CLI.run(["plot", PlotSafetyTests.box.path("base"), "--out", "a\nsystem('touch PWNED').png"], in: PlotSafetyTests.box.root)
        #expect(r.status == 65)
        #expect(r.stderr.contains("holds a control character"))
    }

    /// `plot` on an emptied output.csv trapped on a force unwrap; now it is refused in words.
    @Test func anEmptyOutputIsRefusedNotATrap() throws {
        #expect(PlotSafetyTests.prepared)
        let box = PlotSafetyTests.box
        try? FileManager.default.removeItem(at: box.url("empty"))
        try FileManager.default.copyItem(at: box.url("base"), to: box.url("empty"))
        // The rows the run wrote: the records of the intact file, counted here.
        let written = try String(contentsOf: box.url("base/output.csv"), encoding: .utf8).split(separator: "\n").count - 1
        try Data().write(to: box.url("empty/output.csv"))
        let r = try CLI.run(["plot", box.path("empty"), "--out", "e.png"], in: box.root)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("empty/output.csv is empty, but the run wrote \(written) rows"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path("e.png")))
    }
}
