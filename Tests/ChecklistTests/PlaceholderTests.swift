import Testing
@testable import Checklist
@Test func placeholder() { #expect(Bool(true)) }
