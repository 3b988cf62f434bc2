// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A path as messages show it: relative to the current folder when it lies below it.
public func displayPath(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    let standard = URL(fileURLWithPath: path).standardizedFileURL.path
    return standard.hasPrefix(cwd) ? String(standard.dropFirst(cwd.count)) : standard
}

/// `displayPath` of a file URL.
public func displayPath(_ url: URL) -> String { displayPath(url.path) }

/// `s` as one word of a printed shell command: as it is when it holds only characters no shell
/// treats specially, else in single quotes.
public func shellWord(_ s: String) -> String {
    let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./+:=@,%")
    if !s.isEmpty && s.allSatisfy({ plain.contains($0) }) { return s }
    return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
