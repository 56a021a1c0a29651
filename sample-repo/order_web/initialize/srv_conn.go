// Package initialize 负责 order_web 启动时的连接初始化。
package initialize

import (
	"fmt"

	_ "github.com/mbobakov/grpc-consul-resolver" // 注册 consul:// 解析器
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"mxshop_srvs/order_srv/proto"
	"mxshop_srvs/order_web/global"
)

// InitSrvConn 通过 Consul 连接 order_srv。
//
// 这里不加重试拦截器：CreateOrder 不是幂等接口，网关层的重试会变成重复下单；
// 超时由每个 handler 用 context.WithTimeout 控制。
func InitSrvConn(consulHost string, consulPort int, orderSrvName string) error {
	conn, err := grpc.Dial(
		// healthy=true：只要通过健康检查的实例，grpc-consul-resolver 默认连不健康的也返回
		fmt.Sprintf("consul://%s:%d/%s?wait=14s&tag=srv&healthy=true", consulHost, consulPort, orderSrvName),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultServiceConfig(`{"loadBalancingPolicy": "round_robin"}`),
	)
	if err != nil {
		return fmt.Errorf("连接订单服务: %w", err)
	}
	global.OrderSrvClient = proto.NewOrderClient(conn)
	return nil
}
