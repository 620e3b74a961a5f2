public enum LedgerCoreModule {}
