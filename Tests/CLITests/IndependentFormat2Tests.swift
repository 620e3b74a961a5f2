import Foundation
import TestSupport
import Testing

/// Issue #13 point 9: the independent verifier (tools/independent-verify/verify2.py, written
/// from decision 0017 with PyNaCl and hashlib, none of ledger's code) agrees with `ledger
/// verify` on format-2 files: intact, tampered in the chain, with forged records breaking each
/// membership rule, with identities and with trust files. The check script builds every file
/// with this build's binary at run time and compares kind@seq and the exit class of both.
@Suite struct IndependentFormat2Tests {
    @Test func theIndependentVerifierAgreesOnIntactAndTamperedTeamLedgers() throws {
        let cli = CLI()
        let script = Repository.path("tools/independent-verify/check_format2.py")
        let r = try cli.run([script, CLI.binary, "-j", "2"], executable: "/usr/bin/env", prefix: "python3")
        #expect(r.status == 0, "\(r.stdout.split(separator: "\n").filter { !$0.hasPrefix("agree") }.joined(separator: "\n"))\(r.stderr)")
        let summary = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.hasPrefix("check_format2: ") && summary.hasSuffix(" comparisons, every one agrees"), "\(summary)")
        let count = Int(summary.dropFirst("check_format2: ".count).prefix { $0.isNumber }) ?? 0
        #expect(count >= 150, "the check compared \(count) cases")
    }
}
