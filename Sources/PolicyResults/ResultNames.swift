// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

extension ResultFolder {
    /// The names of the run's data set (its path in `manifest.json`), read without its checks:
    /// only the names are wanted. Nil when the data set is no longer there.
    public func dataSetForNames() -> DataSet? {
        try? DataSetReader.read(URL(fileURLWithPath: manifest.dataSet.path)).data
    }

    /// The resolver of area and sector names for this run: the data set's names (Chinese
    /// province names included) when it can be read, else the ids the run holds with the
    /// built-in aliases. Hong Kong and Macao are areas here (the folder holds their GDP).
    public func nameResolver(data: DataSet?) -> NameResolver {
        var names: NameResolver
        if let data {
            names = NameResolver(data: data, externalsAreAreas: true)
        } else {
            var areas: [(id: String, kind: String)] = [], sectors: [String] = []
            var seenAreas = Set<String>(), seenSectors = Set<String>()
            for c in order {
                if seenAreas.insert(c.area).inserted { areas.append((c.area, kinds[c.area] ?? "")) }
                if c.sector != "all" && seenSectors.insert(c.sector).inserted { sectors.append(c.sector) }
            }
            names = NameResolver(areas: areas, sectors: sectors)
        }
        names.listArgument = path
        return names
    }
}
