/// RFC 6962 / RFC 9162 Merkle trees over SHA-256: leaf hashes `SHA-256(0x00 ‖ data)`,
/// interior nodes `SHA-256(0x01 ‖ left ‖ right)`; the ledger's leaves are its record hashes
/// in sequence order (docs/FORMAT.md §10.1).
public enum Merkle {
    /// The hash of a leaf's data.
    public static func leafHash(_ data: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update([0])
        h.update(data)
        return h.finalize()
    }

    /// The hash of an interior node.
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update([1])
        h.update(left)
        h.update(right)
        return h.finalize()
    }

    /// The largest power of two smaller than `n` (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[n]) over leaf hashes (not leaf data); the empty tree's root is SHA-256("").
    public static func root(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leaves.count {
        case 0: return SHA256.hash([])
        case 1: return leaves.first!
        default:
            let k = split(leaves.count)
            return nodeHash(root(leaves.prefix(k)), root(leaves.dropFirst(k)))
        }
    }

    /// PATH(m, D[n]): the inclusion proof of leaf `index` (0-based).
    public static func inclusionProof(_ index: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        if index < k { return inclusionProof(index, leaves.prefix(k)) + [root(leaves.dropFirst(k))] }
        return inclusionProof(index - k, leaves.dropFirst(k)) + [root(leaves.prefix(k))]
    }

    /// PROOF(m, D[n]): the consistency proof from size `m` to `leaves.count`.
    public static func consistencyProof(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard m > 0, m < leaves.count else { return [] }
        return subproof(m, leaves, complete: true)
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, complete: Bool) -> [[UInt8]] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = split(n)
        if m <= k { return subproof(m, leaves.prefix(k), complete: complete) + [root(leaves.dropFirst(k))] }
        return subproof(m - k, leaves.dropFirst(k), complete: false) + [root(leaves.prefix(k))]
    }

    /// Checks an inclusion proof (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leafHash: [UInt8], index: Int, size: Int, proof: [[UInt8]], root: [UInt8]) -> Bool {
        guard index >= 0, index < size, leafHash.count == 32, root.count == 32, proof.allSatisfy({ $0.count == 32 }) else { return false }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 { while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 } }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Checks a consistency proof between two tree sizes (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(size1: Int, size2: Int, root1: [UInt8], root2: [UInt8], proof: [[UInt8]]) -> Bool {
        guard size1 > 0, size2 >= size1 else { return false }  // a proof from the empty tree proves nothing
        if size1 == size2 { return proof.isEmpty && root1 == root2 }
        guard root1.count == 32, root2.count == 32, proof.allSatisfy({ $0.count == 32 }) else { return false }
        guard !proof.isEmpty else { return false }
        var path = proof
        if size1 & (size1 - 1) == 0 { path.insert(root1, at: 0) }  // size1 a power of two
        var fn = size1 - 1, sn = size2 - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == root1 && sr == root2
    }
}
