import Checklist

extension LedgerError {
    /// What failed, and on which object (decision 0009). Every error whose remedy is a CLI
    /// command, flag or variable has its own case; the rest are `.other`, described by
    /// their message alone.
    public enum Reason: Sendable, Equatable {
        /// Not structured: `message` and `hint` say it all.
        case other

        // The file

        /// There is no file at `path`.
        case noLedger(path: String)
        /// The file at `path` is not a ledger (not SQLite, or not a ledger's schema).
        case notALedger(path: String)
        /// SQLite cannot read the pages of the file at `path` (`SQLITE_CORRUPT`).
        case damagedFile(path: String)
        /// The log of `path` holds no record at all.
        case emptyLog(path: String)
        /// The log of `path` ends at a sequence number outside 1…2^53−1.
        case headOutOfRange(path: String, seq: Int64)
        /// The file did not store record `seq` as it was written (a trigger?).
        case notStored(path: String, seq: Int64)
        /// The last record, after which a write would append, does not verify.
        case lastRecordDoesNotVerify(path: String, seq: Int64)
        /// `path` changed while it was verified for a checkpoint.
        case changedWhileVerified(path: String)
        /// `path` does not verify, so no checkpoint is signed.
        case doesNotVerify(path: String)

        // Keys

        /// The passphrase does not open `path` (wrong, or the key-wrap row was changed).
        case wrongPassphrase(path: String)
        /// The key-wrap row of `epoch` is not one a writer could have made.
        case keyWrapChanged(path: String, epoch: UInt32)
        /// The stored ledger id no longer matches the records.
        case ledgerIDChanged(path: String)
        /// The passphrase opens another epoch but not `epoch`: its row was changed.
        case epochDoesNotOpen(path: String, epoch: UInt32)
        /// Record `seq` names key `epoch`, which the ledger does not have.
        case unknownEpoch(seq: Int64, epoch: Int64)
        /// No checkpoint key is known for `path` (locked, none stored, none given).
        case noCheckpointKey(path: String)
        /// The text is not a checkpoint verifier key.
        case notAVerifierKey(key: String)

        // Records

        /// Record `seq` does not open with the ledger's key.
        case recordDoesNotOpen(seq: Int64, kind: String)
        /// Record `seq` opens but its payload is malformed (the payload error is the cause).
        case recordPayloadMalformed(seq: Int64, kind: String)
        /// Record `seq` is malformed.
        case recordMalformed(seq: Int64)

        // Deployments

        /// `path` holds no deployment.
        case noDeployment(path: String)
        /// Several deployments are open and none was named.
        case severalDeployments(names: [String])
        /// No deployment matches `query`.
        case unknownDeployment(query: String)
        /// A deployment with this name exists already.
        case deploymentExists(name: String)
        /// The deployment has no usable `deployment.started` record.
        case noDeploymentStart(deployment: DeploymentID)
        /// The deployment is closed (signed off, closed by its lead, or rolled back).
        case deploymentClosed(deployment: String)
        /// A rollback was decided already.
        case rollbackAlreadyDecided(deployment: String)
        /// Nothing was executed, so there is nothing to roll back.
        case nothingToRollBack(deployment: String)
        /// No rollback was decided, so none can be completed.
        case noRollbackToComplete(deployment: String)
        /// Rollback steps are still open.
        case rollbackStepsOpen(deployment: String, items: [ItemID])
        /// The deployment is rolling back: it cannot be signed off or closed.
        case rollingBack(deployment: String)
        /// Only rollback steps can be worked while rolling back.
        case onlyRollbackSteps(deployment: String, item: ItemID)
        /// `item` is a rollback step, and no rollback was decided.
        case rollbackNotDecided(deployment: String, item: ItemID)
        /// The deployment has sign-off roles, so its lead cannot close it.
        case hasSignoffRoles(deployment: String)

        // Items and evidence

        /// A section was asked for with `item.*`, but `item` is an item.
        case itemIsNotASection(item: ItemID)
        /// Evidence at `path` is larger than can be embedded.
        case evidenceTooLarge(path: String)

        /// A note's text is empty (or only white space).
        case noteEmpty
        /// A note's text is `bytes` long, more than `NoteText.maxBytes`.
        case noteTooLong(bytes: Int)

        // Sign-off and roster

        /// Required items are open and none was accepted.
        case requiredItemsOpen(items: [ItemID])
        /// Open items were accepted without a reason.
        case acceptedWithoutReason
        /// `item` was accepted open but is not an open required item.
        case notAnOpenItem(item: ItemID)
        /// Open required items were neither settled nor accepted.
        case openItemsNotAccepted(items: [ItemID])
        /// The signing key is not on the roster.
        case signerNotOnRoster(keyID: String)
        /// The signing key holds `held` on the roster, not `role`.
        case signerHoldsOtherRole(keyID: String, held: String, role: String)
        /// A role must be one line of text.
        case roleNotOneLine
        /// The key already holds `role` on the roster.
        case keyHoldsRole(keyID: String, role: String)
        /// The key is not on the roster.
        case keyNotOnRoster(keyID: String)

        // Checkpoints and excerpts

        /// The given checkpoint does not fit this ledger (`tampered`: the log no longer extends it).
        case checkpointDoesNotFit(tampered: Bool)
        /// The checkpoint does not cover record `seq`.
        case recordNotCovered(seq: Int64, treeSize: Int)
        /// The bytes are not a timeline excerpt (no header, no ledger id, a bad checkpoint member).
        case notAnExcerpt
        /// The timeline has no proofs.
        case excerptWithoutProofs
        /// The excerpt has no entries.
        case excerptWithoutEntries
    }

    /// What to do, when it is a command, flag or variable of the CLI: the CLI words each one
    /// (`ErrorText` in `Sources/ledger/Support`); the library never does.
    public enum Remedy: Sendable, Equatable {
        /// Run verify.
        case runVerify
        /// Run verify, to see what is damaged.
        case verifyForDamage
        /// Run verify, to see every problem.
        case verifyForEveryProblem
        /// Run verify, to see every finding.
        case verifyForEveryFinding
        /// Run verify, to see what happened to the log.
        case verifyForTheLog
        /// Nothing was written; run verify to see what is in the file.
        case verifyForTheFile
        /// Run verify, then restore the file from a copy you trust.
        case verifyAndRestore
        /// Run verify against the checkpoint.
        case verifyAgainstCheckpoint
        /// Check the path; ledgers are made by init.
        case checkLedgerPath
        /// Create the ledger at `path`, or name another.
        case createLedger(path: String)
        /// Check the path of the file to verify, or name it with --ledger.
        case checkFileToVerify
        /// Check the passphrase given.
        case checkPassphrase
        /// Supply the passphrase, or the verifier key printed by checkpoint.
        case supplyCheckpointKey
        /// Give the verifier key checkpoint printed.
        case giveVerifierKey
        /// Give a checkpoint of this ledger, or none.
        case giveOwnCheckpoint
        /// Make a newer checkpoint, or none.
        case newerCheckpoint
        /// Give the file a proofs export wrote.
        case giveProofExport
        /// Export again, with proofs.
        case exportAgainWithProofs
        /// Export the entries to show, with proofs.
        case exportEntriesWithProofs
        /// Start a deployment.
        case startDeployment
        /// Start a new deployment.
        case startNewDeployment
        /// Choose a deployment.
        case chooseDeployment
        /// Choose another deployment name.
        case chooseAnotherName
        /// Work the rollback steps, then complete the rollback.
        case workRollbackSteps
        /// Record why with a note, and start a new deployment later.
        case abandonWithNote
        /// Decide a rollback first.
        case decideRollback
        /// Decide a rollback if a criterion is met.
        case decideRollbackIfMet
        /// Tick or skip the open rollback steps.
        case settleRollbackSteps
        /// Complete the rollback.
        case completeRollback
        /// Sign off with a role's key.
        case signOff
        /// Name the item alone, numbered as show prints it.
        case nameItemAlone(item: ItemID)
        /// Attach the evidence without embedding it.
        case attachWithoutEmbedding
        /// Settle the open items, or accept them open with a reason.
        case settleOrAcceptOpen
        /// Accept open only the items still open.
        case acceptOnlyOpenItems
        /// Settle the rest, or accept them open too.
        case acceptTheRest
        /// Add the key to the roster for `role`.
        case addToRoster(role: String)
        /// Add the key to the roster, or sign nothing.
        case addToRosterOrSignNothing
        /// Sign with a key of `role`, or choose the role the key holds.
        case signAs(role: String, held: String)
        /// How a role is given.
        case giveRole
        /// Make another key, or revoke this one first.
        case newKeyOrRevoke
        /// List the roster.
        case listRoster
        /// List the members in force.
        case listMembers
        /// Ask an admin to add the key as a member.
        case askAdminToAdd
        /// Ask an admin to grant the capability (remove and add again).
        case askAdminForCapability
    }

    /// The underlying failure.
    public enum Cause: Sendable, Equatable {
        /// An SQLite result code (extended) and SQLite's message.
        case sqlite(code: Int32, message: String)
        /// What is wrong with a decrypted payload (`PayloadError`, docs/FORMAT.md §7.4).
        case payload(String)
        /// A record that is malformed, and why.
        case malformed(String)
        /// A checklist reference that did not resolve.
        case checklist(ChecklistError)
    }
}
