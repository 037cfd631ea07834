import DFSim

/// Parses the einsum notation of docs/format.md §1.3: `OUT[idx,...] += A[expr,...] * B[expr,...]`, where each
/// index is an affine sum of dims with integer coefficients (`4*p + r`, `p + 2*r`, `p - 1`).
struct EinsumParser {
    /// A parse problem at a character offset of the einsum text.
    struct Failure: Error {
        var offset: Int
        var message: String
        var hint: String?
    }

    /// A tensor as written: its name and, per index, the terms by dim name.
    struct RawTensor {
        var name: String
        var offset: Int
        var indices: [(terms: [(dim: String, coefficient: Int, offset: Int)], constant: Int)]
    }

    private let chars: [Character]
    private var position = 0

    init(_ text: String) {
        chars = Array(text)
    }

    /// Parses the whole einsum into the output tensor followed by the operands.
    mutating func parse() throws(Failure) -> [RawTensor] {
        var tensors = [try tensor()]
        skipSpace()
        guard consume("+=") else {
            let found = position < chars.count ? "'\(chars[position])'" : "the end"
            throw Failure(offset: position, message: "expected '+=' after the output tensor, found \(found)",
                          hint: "write e.g. O[m,p] += I[c,p] * W[m,c]")
        }
        tensors.append(try tensor())
        while true {
            skipSpace()
            if position == chars.count { break }
            guard consume("*") else {
                throw Failure(offset: position, message: "expected '*' between operands, found '\(chars[position])'")
            }
            tensors.append(try tensor())
        }
        return tensors
    }

    private mutating func tensor() throws(Failure) -> RawTensor {
        skipSpace()
        let start = position
        guard let name = identifier() else {
            throw Failure(offset: position, message: "expected a tensor name")
        }
        skipSpace()
        guard consume("[") else { throw Failure(offset: position, message: "expected '[' after tensor '\(name)'") }
        var indices: [(terms: [(dim: String, coefficient: Int, offset: Int)], constant: Int)] = []
        skipSpace()
        if consume("]") { return RawTensor(name: name, offset: start, indices: []) }
        while true {
            indices.append(try expression())
            skipSpace()
            if consume(",") { continue }
            if consume("]") { break }
            throw Failure(offset: position, message: "expected ',' or ']' in the indices of '\(name)'")
        }
        return RawTensor(name: name, offset: start, indices: indices)
    }

    /// expression := ['-'] term (('+'|'-') term)*, term := INT | DIM | INT '*' DIM | DIM '*' INT
    private mutating func expression() throws(Failure) -> (terms: [(dim: String, coefficient: Int, offset: Int)], constant: Int) {
        var terms: [(dim: String, coefficient: Int, offset: Int)] = []
        var constant = 0
        var sign = 1
        skipSpace()
        if consume("-") { sign = -1 }
        while true {
            skipSpace()
            let start = position
            var coefficient = 1
            var dim: String?
            if let n = try integer() {
                coefficient = n
                skipSpace()
                if consume("*") {
                    skipSpace()
                    guard let d = identifier() else {
                        if try integer() != nil { throw Failure(offset: start, message: "write a constant product as one number") }
                        throw Failure(offset: position, message: "expected a dim name after '\(n)*'")
                    }
                    dim = d
                }
            } else if let d = identifier() {
                dim = d
                skipSpace()
                if consume("*") {
                    skipSpace()
                    if let n = try integer() {
                        coefficient = n
                    } else if let other = identifier() {
                        throw Failure(offset: start, message: "index expression '\(d)*\(other)' is not affine: it multiplies two dims",
                                      hint: "an index is a sum of dims with integer coefficients, e.g. 2*p + r")
                    } else {
                        throw Failure(offset: position, message: "expected a number after '\(d)*'")
                    }
                }
            } else {
                let found = position < chars.count ? "'\(chars[position])'" : "the end"
                throw Failure(offset: position, message: "expected a dim or an integer in an index, found \(found)",
                              hint: "indices are affine: sums of dims with integer coefficients")
            }
            if let dim {
                terms.append((dim, sign * coefficient, start))
            } else {
                constant += sign * coefficient
            }
            skipSpace()
            if peek("/") || peek("%") || (peek("*")) {
                throw Failure(offset: position, message: "index expressions may only add dims with integer coefficients; '\(chars[position])' is not affine")
            }
            if consume("+") { sign = 1; continue }
            if consume("-") { sign = -1; continue }
            return (terms, constant)
        }
    }

    private mutating func skipSpace() {
        while position < chars.count && chars[position].isWhitespace { position += 1 }
    }

    private func peek(_ s: String) -> Bool {
        let s = Array(s)
        return position + s.count <= chars.count && Array(chars[position..<position + s.count]) == s
    }

    private mutating func consume(_ s: String) -> Bool {
        guard peek(s) else { return false }
        position += s.count
        return true
    }

    private mutating func identifier() -> String? {
        guard position < chars.count, chars[position].isLetter || chars[position] == "_" else { return nil }
        let start = position
        while position < chars.count && (chars[position].isLetter || chars[position].isNumber || chars[position] == "_") {
            position += 1
        }
        return String(chars[start..<position])
    }

    /// A decimal integer up to ``SpecReader/largestCount``, or `nil` when there are no digits.
    private mutating func integer() throws(Failure) -> Int? {
        let start = position
        while position < chars.count && chars[position].isASCII && chars[position].isNumber { position += 1 }
        guard position > start else { return nil }
        guard let value = Int(String(chars[start..<position])), value <= SpecReader.largestCount else {
            throw Failure(offset: start, message: "the number \(String(chars[start..<position])) is too large for an index; at most \(SpecReader.largestCount)")
        }
        return value
    }
}
