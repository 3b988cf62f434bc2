// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

typealias PolicyModelDataSet = DataSet

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
