// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel

extension PolicySim {
    struct DataImportPymrio: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-pymrio",
            abstract: "Build a data set from a pymrio folder (IOSystem.save() text format, or Z, Y and x files).",
            discussion: """
                Regions become provinces, or external economies with --map; every domestic flow is \
                kept in the data set's full table (mrio_intermediate.csv, mrio_final.csv), which \
                `policysim multipliers` analyses. The engine's national technology and sourcing shares \
                are estimated from it. Prints what was mapped and what was not carried. The mapping \
                file (type,source,target,detail) is described in docs/multipliers.md. An existing \
                output folder is replaced only with --force, and only a data set folder (exit code \
                73 otherwise).
                """
        )

        @Argument(help: "The pymrio folder.") var folder: String
        @Option(help: "Data set name.") var name: String
        @Option(help: "Output folder (default: Scenarios/data/<name>).") var out: String?
        @Option(help: "Mapping file: type,source,target,detail rows for regions, sectors, categories, compensation, employment.") var map: String?
        @Option(help: "Aggregates over the new provinces, aggregates.csv format (aggregate,kind,member,weight).") var aggregates: String?
        @Option(help: "Id of the aggregate of all provinces.") var nation = "All provinces"
        @Option(help: "Base year of the data set.") var baseYear = 2022
        @Option(help: "100 million yuan per unit of the system's money (default 1: taken as they are).") var moneyScale = 1.0
        @Flag(help: "Replace the output folder if it is a data set folder.") var force = false
        @OptionGroup var silence: Silence

        @Option(help: "Region of the provinces that --aggregates puts in no region.") var region = "Imported"
        @Option(help: "Cluster of the external economies whose mapping names none (it holds every province).") var cluster = "Imported cluster"

        func validate() throws {
            if let out { try validateOut(out) }
            if !(moneyScale > 0 && moneyScale.isFinite) { throw ValidationError("Please give --money-scale as a positive number.") }
            guard let first = name.first, first.isLetter || first.isNumber, !name.contains(".."),
                  name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ValidationError("Please give --name as a plain identifier (letters, digits, '-', '_', '.'); it names the folder Scenarios/data/NAME.")
            }
        }

        func run() throws {
            StagingFolder.removeOnSignals()
            let target = URL(fileURLWithPath: out ?? "Scenarios/data/\(name)")
            let staging: StagingFolder
            do { staging = try StagingFolder(target.path, kind: DataSetWriter.folderKind, force: force) } catch { throw failure(error) }
            let result: PymrioImport.Result, system: PymrioSystem
            do {
                system = try PymrioSystem.read(URL(fileURLWithPath: folder))
                let mapping = try map.map { try PymrioMapping.read(URL(fileURLWithPath: $0)) } ?? PymrioMapping()
                var options = PymrioImport.Options(name: name, baseYear: baseYear, moneyScale: moneyScale, nation: nation, region: region, cluster: cluster)
                if let aggregates {
                    let provinces = Set(system.regions.compactMap { label -> String? in
                        guard let m = mapping.regions[label] else { return label }
                        return m.value.kind == .province ? m.value.id : nil
                    })
                    options.aggregates = try PymrioImport.readAggregates(URL(fileURLWithPath: aggregates), provinces: provinces)
                }
                result = try PymrioImport.build(system, mapping: mapping, options: options)
            } catch {
                throw failure(error)
            }
            do { try PymrioImport.write(result, into: staging) } catch { throw failure(error, otherwise: Exit.cannotWrite) }
            silence.say("wrote \(staging.display): \(result.data.provinceCount) provinces x \(result.data.sectorCount) sectors from pymrio '\(system.name)', checks passed")
            for note in result.notes { silence.say("  " + note) }
        }
    }
}
