// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Writes a folder all at once: files go into a temporary sibling folder that is renamed into
/// place only when every file is written, so readers never see a half-written folder and a
/// failure leaves the previous folder (or none) untouched.
public enum AtomicFolder {
    public static func write(_ files: [(String, Data)], to folder: URL) throws {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = parent.appendingPathComponent(".\(folder.lastPathComponent).tmp-\(pid)")
        try? fm.removeItem(at: temporary)
        try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
        do {
            for (name, data) in files {
                let url = temporary.appendingPathComponent(name)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            if fm.fileExists(atPath: folder.path) {
                let old = parent.appendingPathComponent(".\(folder.lastPathComponent).old-\(pid)")
                try? fm.removeItem(at: old)
                try fm.moveItem(at: folder, to: old)
                try fm.moveItem(at: temporary, to: folder)
                try fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: temporary, to: folder)
            }
        } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
    }
}
