import Foundation
import Testing

/// `ledger init` and `ledger key new` refuse an Argon2id cost below the one floor (19 MiB × 2
/// passes) with the exact message, exit 64 and nothing written, and accept the floor itself.
@Suite struct Argon2idFloorCommandTests {
    @Test func initRefusesBelowTheFloorAndAboveTheCapAndAcceptsTheFloor() throws {
        let cli = CLI()
        let env = ["LEDGER_PASSPHRASE": "pw"]
        for (args, says) in [
            (["--kdf-memory", "18"], "Argon2id cost 18 MiB × 2 passes is below OWASP's floor of 19 MiB × 2 passes"),
            (["--kdf-passes", "1"], "Argon2id cost 64 MiB × 1 passes is below OWASP's floor of 19 MiB × 2 passes"),
            (["--kdf-memory", "4097"], "Argon2id cost is above 4096 MiB or 16 passes"),
            (["--kdf-passes", "17"], "Argon2id cost is above 4096 MiB or 16 passes"),
        ] {
            let r = try cli.run(["init", "a.ledger"] + args, env: env)
            #expect(r.status == 64, "\(args)")
            #expect(r.stderr.hasPrefix("ledger: error: \(says)\n"), "\(args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: cli.path("a.ledger")), "\(args): nothing written")
        }
        let ok = try cli.run(["init", "a.ledger", "--kdf-memory", "19", "--kdf-passes", "2"], env: env)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("its key is sealed in the ledger under the passphrase (Argon2id, 19 MiB, 2 passes)"), "\(ok.stdout)")
        let v1 = try cli.run(["init", "b.ledger", "--format", "1", "--kdf-memory", "19", "--kdf-passes", "2"], env: env)
        #expect(v1.status == 0 && v1.stdout.contains("data key wrapped with Argon2id (19 MiB, 2 passes)"), "\(v1.stdout)\(v1.stderr)")
    }

    @Test func keyNewRefusesMemoryBelowTheFloor() throws {
        let cli = CLI()
        let r = try cli.run(["key", "new", "--name", "sam", "--kdf-memory", "18"], env: ["LEDGER_KEY_PASSPHRASE": "kp"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("ledger: error: Argon2id memory 18 MiB is below OWASP's floor of 19 MiB\n"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("sam.key")))
        #expect(try cli.run(["key", "new", "--name", "sam", "--kdf-memory", "19"], env: ["LEDGER_KEY_PASSPHRASE": "kp"]).status == 0)
    }

    @Test func helpStatesTheFloor() throws {
        let cli = CLI()
        let initHelp = try cli.run(["init", "--help"]).stdout
        #expect(initHelp.contains("(at least 19)") && initHelp.contains("(at least 2)"))
        #expect(try cli.run(["key", "new", "--help"]).stdout.contains("(at least 19; default 256)"))
    }
}
