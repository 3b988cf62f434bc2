// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a run will need, estimated before it starts, so that a run too large for the machine
/// is refused at once with the figure and the remedy rather than failing an hour in.
public struct RunEstimate: Sendable {
    /// Bytes of memory the run needs beyond what the process holds when it starts the run.
    public var memory: Int64
    /// Of which, per draw held (its path summary and, with kept draws, its rows being written).
    public var memoryPerDraw: Int64
    /// Bytes the result folder will take on disk.
    public var disk: Int64
    public var draws: Int

    /// `draws`: draws this process holds (its shard's). The draws' path summaries go to a file
    /// as they finish (`DrawSet`: on disk, five province x sector arrays and a few smaller ones
    /// for every year); in memory per draw are its parameter values and, while output.csv is
    /// written, its share of at most two blocks of one variable's province x sector values in
    /// one year, and, per worker, an area's draw values and, with kept draws, an area's rows of
    /// text. On the default data set that is 13.6 KB a draw with kept draws, against a measured
    /// 6.7 KiB (peak resident memory of release runs with 200 and 1,000 kept draws,
    /// `/usr/bin/time -v`; 0.19 MiB a draw when every summary was held).
    public init(economy: Economy, scenario: Scenario, draws: Int, keepDraws: Bool, threads: Int) {
        let years = Int64(scenario.endYear - economy.data.baseYear + 1)
        let size = Int64(economy.size), n = Int64(economy.n)
        let provinces = Int64(economy.data.provinceCount), rules = Int64(scenario.rules.count)
        let externals = Int64(economy.data.externals.count), aggregates = Int64(economy.data.aggregates.count)
        let summary = years * (5 * size + 3 * provinces + rules + externals) * 8
        let workers = Int64(max(1, threads))
        let width = n + 1
        let rowBytes = Int64(90 + scenario.name.utf8.count)
        let writing = workers * width * 8 + (keepDraws ? workers * width * rowBytes : 0)
        let values = Int64(scenario.parameters.count) * 8 + 32
        memoryPerDraw = 2 * size * 8 + externals * 8 + values + writing
        // Factorisations, their workspace and the baseline and central paths.
        let fixed = 2 * size * size * 8 + 4 * years * size * 8 * 6
        memory = fixed + Int64(draws) * memoryPerDraw
        let areas = provinces + aggregates
        let rowsPerStatistic = years * (areas * (5 * width + 3) + externals)
        let statistics = (scenario.baseline.included.isEmpty ? 2 : 3) + (draws > 0 ? 4 + (keepDraws ? Int64(draws) : 0) : 0)
        let headline = draws > 0 ? years * Int64(draws) * (aggregates + 5 * 5) * 60 : 0
        // iamc.csv: a row per area and variable (three by sector), its sectors' English names
        // in it, for the central run and, with draws, three quantiles.
        let iamc = (areas * (3 * width + 4) + externals) * (draws > 0 ? 4 : 1) * (years * 20 + 200)
        // The draws' file lives in the staging folder until the run is written.
        disk = rowsPerStatistic * statistics * rowBytes + headline + iamc + Int64(draws) * summary + 2 << 20
        self.draws = draws
    }

    /// The refusal, or nil when the run fits in `limit`.
    public func refusal(limit: MemoryLimit, scenarioFile: String, ensembleDraws: Int) -> String? {
        let usable = limit.bytes - limit.inUse
        guard memory > usable * 9 / 10 else { return nil }
        let perShard = max(1, usable * 8 / 10 - (memory - Int64(draws) * memoryPerDraw)) / max(1, memoryPerDraw)
        let shards = max(2, Int((Int64(ensembleDraws) + perShard - 1) / max(1, perShard)))
        return "this run would need about \(gigabytes(memory)) more memory (\(draws) draws x \(megabytesText(memoryPerDraw)) each), and this process may use \(gigabytes(usable)) more (\(limit.source)); run it in shards, each holding a part of the draws: `policysim run \(scenarioFile) --shard k/\(shards) --keep-draws --out Results/NAME-k` for k = 0 ... \(shards - 1), then `policysim merge` on their folders"
    }
}

/// How much memory this process may use, and how much it holds now.
public struct MemoryLimit: Sendable {
    public var bytes: Int64
    public var inUse: Int64
    /// What sets the limit, for messages ("physical memory", "ulimit -v", "cgroup memory.max").
    public var source: String

    public init(bytes: Int64, inUse: Int64, source: String) {
        self.bytes = bytes
        self.inUse = inUse
        self.source = source
    }

    /// The least of physical memory, the cgroup's limit, and the address-space and data-size
    /// limits of `ulimit -v` and `ulimit -d` (which also count address space reserved but not
    /// used, so against them the process's virtual size counts as in use).
    public static func current() -> MemoryLimit {
        var best = MemoryLimit(bytes: Int64(ProcessInfo.processInfo.physicalMemory), inUse: resident(), source: "physical memory")
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let v = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)), v < best.bytes {
                best = MemoryLimit(bytes: v, inUse: resident(), source: "the cgroup's memory limit")
            }
        }
        #if canImport(Glibc)
        for (resource, name) in [(RLIMIT_AS, "ulimit -v"), (RLIMIT_DATA, "ulimit -d")] {
            var r = rlimit()
            if getrlimit(__rlimit_resource_t(resource.rawValue), &r) == 0, r.rlim_cur != rlim_t.max,
               Int64(clamping: r.rlim_cur) < best.bytes {
                best = MemoryLimit(bytes: Int64(clamping: r.rlim_cur), inUse: virtual(), source: name)
            }
        }
        #endif
        return best
    }

    /// Resident and virtual size from /proc/self/statm (pages); 0 where there is none.
    static func statm(_ field: Int) -> Int64 {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard field < fields.count, let pages = Int64(fields[field]) else { return 0 }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func resident() -> Int64 { statm(1) }
    static func virtual() -> Int64 { statm(0) }
}

func gigabytes(_ bytes: Int64) -> String {
    let gb = Double(bytes) / 1e9
    return gb >= 10 ? String(format: "%.0f GB", gb) : String(format: "%.1f GB", gb)
}

func megabytesText(_ bytes: Int64) -> String { String(format: "%.2f MB", Double(bytes) / 1e6) }
