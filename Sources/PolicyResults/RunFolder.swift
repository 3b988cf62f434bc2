// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

/// Result folders: where a run writes, and what it may replace.
public enum RunFolder {
    /// The writer of a new result folder at `path` (see `ResultWriter`, `StagingFolder`):
    /// refuses an existing folder unless `force`, and even with `force` anything that is not a
    /// result folder. Call before running, so that no work is wasted.
    public static func create(_ path: String, force: Bool) throws -> ResultWriter {
        try ResultWriter(path, force: force)
    }

    /// SHA-256 of a data set folder: of its files' names and contents, in name order.
    public static func folderHash(_ folder: URL) throws -> String { try SHA256Hex.folder(folder) }
}
