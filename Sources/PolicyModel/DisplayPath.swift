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
