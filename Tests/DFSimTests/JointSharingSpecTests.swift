import DFSim
import DFSimSpec
import Foundation
import Testing

/// The `sharing` key of a fan-out level (docs/format.md §2.3, §2.4): parsed, defaulted, validated
/// with located errors; and the bundled Timeloop twins set like their Timeloop originals.
@Suite struct JointSharingSpecTests {
    static func arch(_ sharingLine: String, spatial: String = "  spatial: {x: 2, y: 3}\n") -> String {
        """
        dfsim: 1
        levels:
        - name: DRAM
        - name: PE
        \(spatial)\(sharingLine)  size: 4

        """
    }

    @Test func parsesBothValuesAndDefaultsToJoint() throws {
        let joint = try ArchitectureSpec.parse(text: Self.arch("  sharing: joint\n"), file: "a.yaml")
        #expect(joint.levels[1].fanout == Fanout(x: 2, y: 3, sharing: .joint))
        let perAxis = try ArchitectureSpec.parse(text: Self.arch("  sharing: per_axis\n"), file: "a.yaml")
        #expect(perAxis.levels[1].fanout?.sharing == .perAxis)
        let plain = try ArchitectureSpec.parse(text: Self.arch(""), file: "a.yaml")
        #expect(plain.levels[1].fanout?.sharing == .joint)
    }

    @Test func badValueIsALocatedError() {
        do {
            _ = try ArchitectureSpec.parse(text: Self.arch("  sharing: jiont\n"), file: "a.yaml")
            Issue.record("'sharing: jiont' was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("a.yaml:6:12: error: unknown 'sharing' 'jiont' of PE; did you mean 'joint'?"), "\(text)")
            #expect(text.contains("per_axis"), "\(text)")
        }
    }

    @Test func sharingWithoutAFanoutIsAnError() {
        do {
            _ = try ArchitectureSpec.parse(text: Self.arch("  sharing: joint\n", spatial: ""), file: "a.yaml")
            Issue.record("'sharing' without 'spatial' was accepted")
        } catch {
            #expect(error.description.contains("a.yaml:5:12: error: 'sharing' describes a fan-out, but level 'PE' has no 'spatial'"),
                    "\(error.description)")
        }
    }

    /// eyeriss_like nests two one-axis containers in Timeloop (per axis); simple_* use one
    /// container with meshX/meshY (joint); simba_like's fan-outs are one axis each.
    @Test func bundledTwinsFollowTheirTimeloopNesting() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        func sharing(_ name: String) throws -> [FanoutSharing] {
            try ArchitectureSpec.load(root.appendingPathComponent("arch/\(name).yaml").path).levels.compactMap { $0.fanout?.sharing }
        }
        #expect(try sharing("eyeriss_like") == [.perAxis])
        #expect(try sharing("simple_weight_stationary") == [.joint])
        #expect(try sharing("simple_output_stationary") == [.joint])
        let simba = try ArchitectureSpec.load(root.appendingPathComponent("arch/simba_like.yaml").path).levels.compactMap(\.fanout)
        #expect(simba.allSatisfy { $0.x == 1 || $0.y == 1 })
    }
}
