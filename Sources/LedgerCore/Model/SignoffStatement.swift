import Checklist

/// What a lead signs: a canonical text that binds the ledger, the deployment, the head of the
/// log before the sign-off, the checklist state, the role, the key and the time
/// (docs/FORMAT.md §14.2).
///
/// ```
/// ledger sign-off v1
/// ledger: <32 hex>
/// deployment: <32 hex>
/// deployment-name: <text>
/// head: <seq> <64 hex>
/// checklist-state: <64 hex>
/// template-sha256: <64 hex>
/// role: <text>
/// key-id: <16 HEX>
/// signer: <text>
/// time: <RFC 3339 UTC, milliseconds>
/// accepted-open: <comma-separated item ids, or "none">
/// reason: <text>            (only when accepted-open is not none)
/// comment: <text>           (only when given)
/// ```
/// Every line ends with LF; values are one line of UTF-8 without control characters.
public struct SignoffStatement: Sendable, Equatable {
    /// The first line of version 1.
    public static let magic = "ledger sign-off v1"
    /// The first line of version 2 (format 2, decision 0019 §2): `head` is the record it was
    /// prepared at (the sign-off comes later), `signer` the member's name, `time` when prepared.
    public static let magicV2 = "ledger sign-off v2"

    /// 1 or 2: which first line, and what `head`, `signer` and `time` mean.
    public var version = 1

    public var ledger: LedgerID
    public var deployment: DeploymentID
    public var deploymentName: String
    /// The last record before the sign-off: its sequence number and hash.
    public var headSeq: Int64
    public var headHash: [UInt8]
    /// `ChecklistState.digest` of the deployment at the head.
    public var checklistState: [UInt8]
    /// SHA-256 of the template, hex.
    public var templateSHA256: String
    public var role: String
    /// minisign's key id of the signing key (16 upper-case hex digits).
    public var keyID: String
    public var signer: String
    public var time: Timestamp
    /// Required items still open that the signer accepted, in document order.
    public var acceptedOpen: [String]
    /// Why they were accepted (required when `acceptedOpen` is not empty).
    public var reason: String?
    public var comment: String?

    /// Creates a statement; text values lose line breaks (turned into spaces) and surrounding
    /// blanks.
    public init(
        ledger: LedgerID, deployment: DeploymentID, deploymentName: String, headSeq: Int64, headHash: [UInt8],
        checklistState: [UInt8], templateSHA256: String, role: String, keyID: String, signer: String, time: Timestamp,
        acceptedOpen: [String] = [], reason: String? = nil, comment: String? = nil
    ) {
        self.ledger = ledger
        self.deployment = deployment
        self.deploymentName = deploymentName.oneLine
        self.headSeq = headSeq
        self.headHash = headHash
        self.checklistState = checklistState
        self.templateSHA256 = templateSHA256
        self.role = role.oneLine
        self.keyID = keyID
        self.signer = signer.oneLine
        self.time = time
        self.acceptedOpen = acceptedOpen
        self.reason = reason?.oneLine
        self.comment = comment.map(\.oneLine).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The canonical text.
    public var text: String {
        var lines = [
            version == 2 ? Self.magicV2 : Self.magic, "ledger: \(ledger.hex)", "deployment: \(deployment.hex)", "deployment-name: \(deploymentName)",
            "head: \(headSeq) \(Hex.encode(headHash))", "checklist-state: \(Hex.encode(checklistState))",
            "template-sha256: \(templateSHA256)", "role: \(role)", "key-id: \(keyID)", "signer: \(signer)", "time: \(time)",
            "accepted-open: \(acceptedOpen.isEmpty ? "none" : acceptedOpen.joined(separator: ","))",
        ]
        if !acceptedOpen.isEmpty { lines.append("reason: \(reason ?? "")") }
        if let comment { lines.append("comment: \(comment)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a statement; nil unless `text` is exactly the canonical text of one.
    public init?(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "", lines.first == Self.magic || lines.first == Self.magicV2 else { return nil }
        let version = lines.first == Self.magicV2 ? 2 : 1
        lines.removeLast()
        var fields: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let r = line.firstRange(of: ": ") else { return nil }
            fields.append((String(line[..<r.lowerBound]), String(line[r.upperBound...])))
        }
        let f = Dictionary(fields, uniquingKeysWith: { a, _ in a })
        let head = f["head"]?.split(separator: " ").map(String.init) ?? []
        guard let l = f["ledger"].flatMap(LedgerID.init(hex:)), let d = f["deployment"].flatMap(DeploymentID.init(hex:)),
            head.count == 2, let seq = Int64(head[0]), let hh = Hex.decode(head[1]), hh.count == 32,
            let state = f["checklist-state"].flatMap(Hex.decode), state.count == 32,
            let time = f["time"].flatMap(Timestamp.init(rfc3339:)), let accepted = f["accepted-open"],
            let keyID = f["key-id"], keyID.utf8.count == 16, keyID.utf8.allSatisfy({ (48...57).contains($0) || (65...70).contains($0) }),
            seq >= 1, let template = f["template-sha256"], template.utf8.count == 64, Hex.decode(template).map(Hex.encode) == template,
            let name = f["deployment-name"], let role = f["role"], let signer = f["signer"], ![name, role, signer].contains("")
        else { return nil }
        self.init(
            ledger: l, deployment: d, deploymentName: name, headSeq: seq, headHash: hh,
            checklistState: state, templateSHA256: template, role: role, keyID: keyID,
            signer: signer, time: time, acceptedOpen: accepted == "none" ? [] : accepted.split(separator: ",").map(String.init),
            reason: f["reason"], comment: f["comment"])
        self.version = version
        guard self.text == text else { return nil }
    }
}

extension String {
    /// One line: control characters and line separators turned into spaces, surrounding
    /// blanks removed (how every text value of a statement or a roster entry is written).
    public var oneLine: String { replacingNewlines().trimmingBlanks() }
}
