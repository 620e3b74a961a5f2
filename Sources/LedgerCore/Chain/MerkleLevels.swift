/// An RFC 6962 Merkle tree kept level by level, so that many inclusion proofs cost one pass.
///
/// Level 0 holds the leaf hashes; each level above pairs neighbours with `Merkle.nodeHash`
/// and carries a lone last node up unchanged, which builds exactly RFC 6962's MTH. A proof is
/// then each level's sibling, bottom-up (the order of RFC 6962 PATH), skipping levels where
/// the node is the lone last one.
public struct MerkleLevels: Sendable {
    let levels: [[[UInt8]]]

    /// Builds every level over `leafHashes` (leaf hashes, not leaf data).
    public init(leafHashes: [[UInt8]]) {
        var all = [leafHashes]
        var level = leafHashes
        while level.count > 1 {
            var up: [[UInt8]] = []
            up.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                up.append(Merkle.nodeHash(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { up.append(level[i]) }
            all.append(up)
            level = up
        }
        levels = all
    }

    /// The number of leaves.
    public var size: Int { levels[0].count }

    /// The tree's root (SHA-256 of nothing for the empty tree).
    public var root: [UInt8] { size == 0 ? SHA256.hash([]) : levels[levels.count - 1][0] }

    /// The inclusion proof of leaf `index` (0-based), as `Merkle.inclusionProof` gives it.
    /// - Precondition: `0 <= index < size`.
    public func inclusionProof(_ index: Int) -> [[UInt8]] {
        precondition(index >= 0 && index < size)
        var path: [[UInt8]] = []
        var i = index
        for level in levels.dropLast() {
            let sibling = i ^ 1
            if sibling < level.count { path.append(level[sibling]) }
            i >>= 1
        }
        return path
    }
}
