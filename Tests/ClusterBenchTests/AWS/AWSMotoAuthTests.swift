import AWS
import Testing

/// Against moto's server with authentication on: the IAM user's key is accepted, a wrong secret is refused with
/// an error that says so and does not contain the secret, and SSM serves the AMI parameter.
extension AWSMotoTests {
    @Suite(.timeLimit(.minutes(2))) struct AWSMotoAuthTests {
        @Test func signedCallsAreAcceptedAndAWrongSecretIsRefused() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            #expect(moto.credentials.accessKeyId.count == 20)
            #expect(moto.credentials.accessKeyId.hasPrefix("AKIA"))

            let identity = try await off { try STS(client: moto.client()).getCallerIdentity() }
            #expect(identity.account == "123456789012")
            #expect(identity.arn == "arn:aws:iam::123456789012:user/clusterbench-test")

            var wrongKey = moto.credentials
            wrongKey.secretAccessKey = "Wr0ngSecretKeyValue/ForTheTest+0000000000"
            let wrong = wrongKey
            let refusals = [
                try await #require(throws: AWSError.self) {
                    _ = try await off { try EC2(client: moto.client(credentials: wrong)).describeVpcs() }
                },
                try await #require(throws: AWSError.self) {
                    _ = try await off { try STS(client: moto.client(credentials: wrong)).getCallerIdentity() }
                },
            ]
            // EC2 answers as real EC2 does (401 AuthFailure); the other Query services say SignatureDoesNotMatch.
            #expect(refusals.map(\.operation) == ["DescribeVpcs", "GetCallerIdentity"])
            #expect(refusals.map(\.status) == [401, 403])
            #expect(refusals.map(\.code) == ["AuthFailure", "SignatureDoesNotMatch"])
            #expect(refusals[0].message == "AWS was not able to validate the provided access credentials")
            #expect(refusals[1].message.contains("signature we calculated does not match"))
            for error in refusals {
                #expect(error.kind == .service)
                #expect(error.isAuthenticationFailure)
                #expect(error.attempts == 1)
                #expect(!error.description.contains(wrong.secretAccessKey))
                #expect(!String(reflecting: error).contains(wrong.secretAccessKey))
            }

            var unknownKey = moto.credentials
            unknownKey.accessKeyId = "AKIAUNKNOWNKEY000000"
            let unknown = unknownKey
            let error = try await #require(throws: AWSError.self) {
                _ = try await off { try EC2(client: moto.client(credentials: unknown)).describeVpcs() }
            }
            #expect(error.code == "AuthFailure" || error.code == "InvalidClientTokenId")
            #expect(error.isAuthenticationFailure)
        }

        @Test func theLatestAmazonLinuxAMIComesFromSSM() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let parameter = try await off {
                try SSM(client: moto.client()).getParameter(SSM.latestAmazonLinuxParameter)
            }
            #expect(parameter.Name == SSM.latestAmazonLinuxParameter)
            #expect(parameter.Value.hasPrefix("ami-"))

            let missing = try await #require(throws: AWSError.self) {
                _ = try await off { try SSM(client: moto.client()).getParameter("/clusterbench/no-such-parameter") }
            }
            #expect(missing.code == "ParameterNotFound")
            #expect(missing.status == 400)
            #expect(missing.isNotFound)
            #expect(missing.operation == "GetParameter")
        }
    }
}
